using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using KumaTip.Core.Api;
using KumaTip.Core.Indicators;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Shows cached lookup results; never sends a request.</summary>
    /// <remarks>
    /// Get-TipLookup reads the tenant's cache: every result, or those of the given indicators (refanged and normalized
    /// like Invoke-TipLookup's input; wildcards match the normalized value), types and zones. Each result shows when
    /// the portal answered (ReceivedAt, UTC) and carries FromCache = True. An indicator that is not cached produces a
    /// non-terminating error (TipLookupNotCached) naming it; Invoke-TipLookup or Update-TipLookup fetch it.
    /// </remarks>
    /// <example>
    /// <code>Get-TipLookup -Zone Red, Orange | Format-Table</code>
    /// <para>Lists every cached result that the portal rated dangerous or not trusted.</para>
    /// </example>
    /// <example>
    /// <code>Get-TipLookup -Indicator 'hxxp://bad[.]example/x' | Format-List</code>
    /// <para>Shows the cached card of one URL, whatever its defanged spelling.</para>
    /// </example>
    /// <example>
    /// <code>Get-TipLookup -Indicator '*.example' -Type Domain | Update-TipLookup</code>
    /// <para>Refreshes every cached domain under .example as a new task.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "TipLookup", HelpUri = HelpLinks.Base + "Get-TipLookup.md")]
    [OutputType(typeof(TipLookupResult))]
    public sealed class GetTipLookupCommand : LookupEnvironmentCmdlet
    {
        /// <summary>Only reads: a read-only data directory is opened read-only.</summary>
        internal override StorageAccess Access => StorageAccess.Read;


        /// <summary>Indicators to show (wildcards allowed). None = every cached result.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Value", "IOC", "Url", "Domain", "IP", "Hash")]
        [SupportsWildcards]
        public string[]? Indicator { get; set; }

        /// <summary>Only results of these indicator types.</summary>
        [Parameter]
        public TipIndicatorType[]? Type { get; set; }

        /// <summary>Only results in these zones.</summary>
        [Parameter]
        public TipZone[]? Zone { get; set; }


        private bool _listed;

        protected override void OnProcessRecord()
        {
            if (Indicator == null || Indicator.Length == 0)
            {
                if (_listed) return;
                _listed = true;
                foreach (var result in Environment.Service.GetCached(Tenant, Matches)) WriteObject(result);
                return;
            }
            foreach (var value in Indicator)
            {
                if (WildcardPattern.ContainsWildcardCharacters(value))
                {
                    var pattern = new WildcardPattern(value, WildcardOptions.IgnoreCase);
                    foreach (var result in Environment.Service.GetCached(Tenant, r => Matches(r) && pattern.IsMatch(r.Indicator))) WriteObject(result);
                    continue;
                }
                var parsed = IndicatorParser.Parse(value, "pipeline");
                if (!parsed.Success)
                {
                    WriteError(new ErrorRecord(new ArgumentException(parsed.Error), "InvalidIndicator", ErrorCategory.InvalidArgument, value));
                    continue;
                }
                // Both services' answers: a tenant that switched service keeps what it paid for under either.
                var answers = Environment.Service.WithDatabase(() => new[] { KumaTip.Core.Api.PortalService.Tip, KumaTip.Core.Api.PortalService.OpenTip }
                    .Select(service => Environment.Service.Cache.Find(Tenant, parsed.Indicator!, service)).Where(r => r != null).ToList());
                if (answers.Count == 0)
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException("'" + parsed.Indicator!.Value + "' is not in the cache of tenant '" + Tenant + "'. Invoke-TipLookup looks it up."),
                        "TipLookupNotCached", ErrorCategory.ObjectNotFound, parsed.Indicator.Value));
                    continue;
                }
                foreach (var cached in answers) if (Matches(cached!)) WriteObject(cached);
            }
        }

        private bool Matches(TipLookupResult r)
            => (Type == null || Type.Length == 0 || Type.Contains(r.Kind)) && (Zone == null || Zone.Length == 0 || Zone.Contains(r.ZoneValue));
    }
}
