using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using KumaTip.Core.Lookups;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Requests indicators again, ignoring the cache, as a new task; returns the fresh results.</summary>
    /// <remarks>
    /// Update-TipLookup is KUMA's "Update" action. It takes indicators, or results piped from Get-TipLookup or
    /// Invoke-TipLookup, and requests each unique one again (one request each, duplicates once), replacing the cached
    /// answer. Piped results keep the sections and records they were fetched with unless -Section or -MaxRecords say
    /// otherwise. Everything else (task, errors, quota) behaves as in Invoke-TipLookup.
    ///
    /// With a token secret (New-TipSecret -ApiToken) the requests carry the token as an Authorization: Bearer header and
    /// no client certificate. When the portal's TokenExpirationDate says the token expires within 30 days (or has
    /// expired), a warning at the end says when and how to rotate it (Set-TipSecret -ApiToken).
    /// </remarks>
    /// <example>
    /// <code>Get-TipLookup -Zone Red | Update-TipLookup</code>
    /// <para>Refreshes every cached red result; the new results carry a newer ReceivedAt and the new task's id.</para>
    /// </example>
    /// <example>
    /// <code>Update-TipLookup -Indicator evil.example -Section DomainWhoIsInfo, DomainDnsResolutions -MaxRecords 50</code>
    /// <para>Fetches fresh WHOIS and 50 DNS resolutions for one domain.</para>
    /// </example>
    [Cmdlet(VerbsData.Update, "TipLookup", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = HelpLinks.Base + "Update-TipLookup.md")]
    [OutputType(typeof(TipLookupResult))]
    public sealed class UpdateTipLookupCommand : LookupCmdlet
    {
        private const string IndicatorSet = "Indicator";
        private const string InputObjectSet = "InputObject";

        private readonly List<LookupRequest> _rows = new List<LookupRequest>();
        private RefreshPlan? _plan;
        private int _pipedMaxRecords = -1;

        /// <summary>The indicators to request again (from the pipeline by value, or a Value/IOC/Url/Domain/IP/Hash property).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IndicatorSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Value", "IOC", "Url", "Domain", "IP", "Hash")]
        [AllowEmptyString]
        public string[] Indicator { get; set; } = Array.Empty<string>();

        /// <summary>Results to refresh, as Get-TipLookup or Invoke-TipLookup returned them.</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        public TipLookupResult? InputObject { get; set; }

        /// <summary>The sections to fetch. Default: the piped results' sections, else every section of the type.</summary>
        [Parameter]
        [ValidateSection]
        [ArgumentCompleter(typeof(SectionCompleter))]
        public string[]? Section { get; set; }

        /// <summary>Maximum records per section. Default: the piped results' value, else the tenant's MaxRecords (10).</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int? MaxRecords { get; set; }

        /// <summary>At most this many requests in this run: a spending cap for runbooks. What is past it stays pending in the task, with a warning saying how many and how to continue; -WhatIf compares its forecast with it.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? MaxRequests { get; set; }

        /// <summary>Requests in flight at once. Default: the tenant's ThrottleLimit (4).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int? ThrottleLimit { get; set; }

        protected override void OnProcessRecord()
        {
            if (ParameterSetName == InputObjectSet)
            {
                var result = InputObject;
                if (result != null)
                {
                    _plan ??= new RefreshPlan(MyInvocation.BoundParameters.ContainsKey(nameof(Tenant)) ? Tenant : null);
                    if (!_plan.TryAdd(result, out var refusal))
                    {
                        // One tenant per batch (one cache, one quota, one task); the others' results are not refreshed.
                        WriteError(new ErrorRecord(new ArgumentException(refusal), "TipLookupOtherTenant", ErrorCategory.InvalidArgument, result.Indicator));
                        return;
                    }
                    Tenant = _plan.Tenant!;
                    _pipedMaxRecords = Math.Max(_pipedMaxRecords, result.MaxRecords == 0 ? int.MaxValue : result.MaxRecords);
                    _rows.Add(new LookupRequest(result.Indicator));
                }
                return;
            }
            foreach (var value in Indicator) _rows.Add(new LookupRequest(value));
        }

        protected override void OnEndProcessing()
        {
            if (_rows.Count == 0) return;
            if (!ShouldProcess(_rows.Count + " indicator(s) of tenant '" + Tenant + "'" +
                (MaxRequests is int cap && cap < _rows.Count ? "; -MaxRequests " + cap + ": the rest would stay pending" : ""),
                "Request again (spends one request per unique indicator)")) return;
            int? maxRecords = MaxRecords;
            if (maxRecords == null && _pipedMaxRecords > 0) maxRecords = _pipedMaxRecords == int.MaxValue ? (int?)null : _pipedMaxRecords;
            var options = Environment.OptionsFor(Tenant, maxRecords, ThrottleLimit);
            RefuseParametersTheServiceLacks(options, Section != null, MaxRecords != null);
            if (MaxRecords == null && _pipedMaxRecords == int.MaxValue) options.MaxRecords = null;
            options.Force = true;
            options.MaxRequests = MaxRequests;
            if (Section != null)
            {
                options.Sections = Section.Select(s => SectionNames.Canonical(s) ?? s).Distinct().ToArray();
            }
            else if (_plan != null)
            {
                // Each type keeps what its results were fetched with (a full set stays full).
                options.SectionsByType = _plan.SectionsByType;
                options.Sections = _plan.TaskSections;
            }
            WriteVerbose("Requesting " + _rows.Count + " indicator(s) again with " + (options.MaxRecords?.ToString() ?? "all") + " record(s) per section and " +
                         (options.Sections.Count == 0 ? "every section" : "sections " + string.Join(", ", options.Sections)) + " (" + ParameterSetName + ").");
            StartSession(options, passThru: false);
            foreach (var row in _rows) Feed(row);
            FinishSession();
        }
    }
}
