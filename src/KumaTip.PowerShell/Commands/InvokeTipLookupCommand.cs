using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;
using KumaTip.PowerShell.Jobs;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Looks indicators up in Kaspersky Threat Lookup: cache first, else one request per unique indicator, run as a task.</summary>
    /// <remarks>
    /// Invoke-TipLookup takes domains, URLs, IPv4/IPv6 addresses and MD5/SHA-1/SHA-256 hashes from the pipeline (strings,
    /// Import-TipIndicator or Get-TipLookup output, CSV rows and events) or from -Indicator. An object's indicator is read
    /// from its -Property column, else from the first column named like one (the same names Import-TipIndicator
    /// detects in files: ioc, indicator, value, observable, url, domain, hostname, ip, ipaddress, sourceip,
    /// destinationip, hash, sha256, sha1, md5 and similar); a row with values in several such columns is looked up by
    /// the first, with a warning naming the other, and a row with none gets an error naming its columns. Each
    /// value is refanged and normalized, duplicates are requested once, and an indicator the cache holds (with the
    /// requested sections, at least -MaxRecords records, younger than -MaxAge or the tenant's CacheTtl) costs nothing.
    /// What remains becomes a ThreatLookup task whose items are stored before any request, so a crash, Ctrl+C or a spent
    /// quota leaves a task that Restart-TipTask finishes without buying anything twice.
    ///
    /// Results stream out as they arrive, in input order, one per input row: a duplicate row gets its own output, an
    /// indicator the portal does not know is a result with Found = False and Zone Grey. A failed request is a
    /// non-terminating error naming the indicator (its TargetObject) and the batch goes on; errors are never cached. When
    /// the day quota is spent the lookup stops requesting and warns how many indicators remain pending; refused
    /// credentials, terms, access or certificate stop it with one error.
    ///
    /// Each request may take 15 s per attempt and 60 s in all, retries included (429, 5xx, timeouts and dropped
    /// connections are retried up to four times; a TLS refusal never is). When the portal stops answering (repeated
    /// timeouts, refused or dropped connections, 5xx) the lookup stops with one error and the indicators it did not look
    /// up stay pending for Restart-TipTask. -Verbose shows each retry with its reason and wait.
    ///
    /// Requests are paid, so -Confirm (or $ConfirmPreference at Medium or lower) reads the whole input first and asks
    /// once, with the forecast, before anything is bought; declined or unanswerable (a non-interactive host), nothing is.
    ///
    /// With -PassThru each incoming object is emitted with TipZone, TipStatus,
    /// TipCategories, TipFound, TipReceivedAt, TipPortalUrl, TipService and TipError added: one output row per input row, failures
    /// and invalid values included (TipError says why). -WhatIf requests nothing and returns the forecast: unique
    /// indicators, cached, to request, and the quota left by the latest answer. -AsJob runs the batch as a background
    /// job (Receive-Job, Stop-Job).
    ///
    /// With a token secret (New-TipSecret -ApiToken) the requests carry the token as an Authorization: Bearer header and
    /// no client certificate. When the portal's TokenExpirationDate says the token expires within 30 days (or has
    /// expired), a warning at the end says when and how to rotate it (Set-TipSecret -ApiToken).
    /// </remarks>
    /// <example>
    /// <code>Import-Csv .\alerts.csv | Invoke-TipLookup -Property IOC -PassThru | Export-Csv .\alerts-enriched.csv -NoTypeInformation</code>
    /// <para>Enriches every row of a CSV export, keeping its columns and adding the Tip* columns; rows that are not indicators or failed keep their place with TipError set.</para>
    /// </example>
    /// <example>
    /// <code>'evil.example', 'hxxp://bad[.]example/x', '44d88612fea8a8f36de82e1278abb02f' | Invoke-TipLookup -Section Zone, DomainGeneralInfo -MaxRecords 5</code>
    /// <para>Looks three indicators up with two sections and five records per section; cached answers come back with FromCache = True.</para>
    /// </example>
    /// <example>
    /// <code>Get-Content .\iocs.txt | Invoke-TipLookup -WhatIf</code>
    /// <para>Shows how many unique indicators the file holds, how many the cache answers and how many requests it would cost, without spending any.</para>
    /// </example>
    /// <example>
    /// <code>$job = Import-TipIndicator -Path .\big.txt | Invoke-TipLookup -AsJob; Receive-Job $job -Wait | Where-Object Zone -eq Red</code>
    /// <para>Runs a large batch in the background and keeps the red results.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Invoke, "TipLookup", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Base + "Invoke-TipLookup.md")]
    [OutputType(typeof(TipLookupResult), ParameterSetName = new[] { IndicatorSet })]
    [OutputType(typeof(PSObject), ParameterSetName = new[] { InputObjectSet })]
    [OutputType(typeof(LookupForecast), typeof(TipLookupJob))]
    public sealed class InvokeTipLookupCommand : LookupCmdlet
    {
        private const string IndicatorSet = "Indicator";
        private const string InputObjectSet = "InputObject";

        private readonly RowColumns _columns = new RowColumns();
        private List<LookupRequest>? _buffered;
        private LookupForecaster? _forecaster;
        private bool _whatIf;
        private bool _confirm;

        /// <summary>The indicators: domains, URLs, IP addresses, MD5/SHA-1/SHA-256 hashes, defanged or not, given as arguments. Values from the pipeline bind to -InputObject.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = IndicatorSet)]
        [AllowEmptyString]
        [AllowNull]
        public string[] Indicator { get; set; } = Array.Empty<string>();

        /// <summary>What the pipeline brings: strings (each one indicator) or objects such as CSV rows, events, Import-TipIndicator or Get-TipLookup output. An object's indicator is read from its -Property column, else from the first column named like an indicator (ioc, indicator, value, observable, url, domain, hostname, ip, ipaddress, sourceip, destinationip, hash, sha256, sha1, md5 and similar).</summary>
        [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
        [AllowNull]
        public PSObject? InputObject { get; set; }

        /// <summary>The property (column) of -InputObject that holds the indicator. Without it the column is found by name.</summary>
        [Parameter(ParameterSetName = InputObjectSet)]
        [ValidateNotNullOrEmpty]
        public string? Property { get; set; }

        /// <summary>Emit each incoming object with TipZone, TipStatus, TipCategories, TipFound, TipReceivedAt, TipPortalUrl, TipService and TipError added, instead of the results.</summary>
        [Parameter(ParameterSetName = InputObjectSet)]
        public SwitchParameter PassThru { get; set; }

        /// <summary>The data groups to fetch (wire names such as Zone, DomainGeneralInfo, DomainWhoIsInfo, IpDnsResolutions). None = every section of the indicator's type.</summary>
        [Parameter]
        [ValidateSection]
        [ArgumentCompleter(typeof(SectionCompleter))]
        public string[]? Section { get; set; }

        /// <summary>Maximum records per section (the portal's count). Default: the tenant's MaxRecords setting (10).</summary>
        [Parameter]
        [ValidateRange(1, 1000)]
        public int? MaxRecords { get; set; }

        /// <summary>Oldest cached answer to accept; older ones are requested again. Default: the tenant's CacheTtl (7 days).</summary>
        [Parameter]
        [ValidateMaxAge]
        public TimeSpan? MaxAge { get; set; }

        /// <summary>Ignore the cache and request every unique indicator.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>At most this many requests in this run: a spending cap for runbooks. What is past it stays pending in the task, with a warning saying how many and how to continue; -WhatIf compares its forecast with it.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? MaxRequests { get; set; }

        /// <summary>Requests in flight at once. Default: the tenant's ThrottleLimit setting (4).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int? ThrottleLimit { get; set; }

        /// <summary>Run the lookup as a background job and return the job.</summary>
        [Parameter]
        public SwitchParameter AsJob { get; set; }

        protected override void OnBeginProcessing()
        {
            _whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) ? ((SwitchParameter)w).IsPresent
                : GetVariableValue("WhatIfPreference") is var pref && LanguagePrimitives.IsTrue(pref);
            if (_whatIf)
            {
                _forecaster = Environment.Service.StartForecast(Options());
                return;
            }
            // Requests are paid: with -Confirm (or $ConfirmPreference at Medium or below) the whole input is read
            // first, so the one question can say what it would cost, and nothing is bought before the answer.
            _confirm = ConfirmationWanted();
            if (_confirm) _forecaster = Environment.Service.StartForecast(Options());
            if (AsJob || _confirm)
            {
                _buffered = new List<LookupRequest>();
                return;
            }
            StartSession(Options(), PassThru);
        }

        private bool ConfirmationWanted()
        {
            if (MyInvocation.BoundParameters.TryGetValue("Confirm", out var confirm)) return ((SwitchParameter)confirm).IsPresent;
            var preference = GetVariableValue("ConfirmPreference");
            var level = preference is PSObject wrapped ? wrapped.BaseObject : preference;
            // A script's "$ConfirmPreference = 'Medium'" makes a new, untyped variable in its scope: convert as the engine does.
            return LanguagePrimitives.TryConvertTo(level, out ConfirmImpact impact) && impact != ConfirmImpact.None && impact <= ConfirmImpact.Medium;
        }

        protected override void OnProcessRecord()
        {
            if (ParameterSetName == InputObjectSet)
            {
                if (InputObject == null) return;
                Take(RowRequest(InputObject));
                return;
            }
            foreach (var value in Indicator ?? Array.Empty<string>()) Take(new LookupRequest(value));
        }

        protected override void OnEndProcessing()
        {
            if (_whatIf)
            {
                var forecast = _forecaster!.Finish();
                ShouldProcess(forecast.ToString(), "Invoke-TipLookup");
                WriteObject(forecast);
                return;
            }
            if (_confirm)
            {
                var forecast = _forecaster!.Finish();
                if (!ShouldProcess(forecast.ToString(), "Invoke-TipLookup (spends one paid request per indicator to request)"))
                {
                    WriteVerbose("Nothing was requested: the lookup was not confirmed.");
                    return;
                }
                if (!AsJob)
                {
                    StartSession(Options(), PassThru);
                    foreach (var request in _buffered!) Feed(request);
                    FinishSession();
                    return;
                }
            }
            if (AsJob)
            {
                var job = new TipLookupJob(MyInvocation.Line, _buffered!, Options(), PassThru, DataDirectory.Resolve());
                JobRepository.Add(job);
                job.Start();
                WriteObject(job);
                return;
            }
            FinishSession();
        }

        private void Take(LookupRequest request)
        {
            _forecaster?.Add(request);
            if (_whatIf) return;
            if (_buffered != null) _buffered.Add(request);
            else Feed(request);
        }

        private LookupRequest RowRequest(PSObject row)
        {
            // A string (or any plain value) is itself the indicator; objects carry it in a column.
            if (row.BaseObject is string || row.BaseObject.GetType().IsPrimitive) return new LookupRequest(row.BaseObject.ToString());
            if (Property != null)
            {
                var property = row.Properties[Property];
                if (property == null)
                {
                    return new LookupRequest((string?)null, new LookupRow(row, "The object has no '" + Property + "' property to read an indicator from (its properties: " +
                        RowColumns.Names(row) + "); name the column that holds it with -Property."));
                }
                return new LookupRequest(RowColumns.Text(property.Value), new LookupRow(row, null));
            }
            var choice = _columns.Choose(row);
            if (choice.Warning != null) WriteWarning(choice.Warning);
            return new LookupRequest(choice.Value, new LookupRow(row, choice.Problem));
        }

        private LookupOptions Options()
        {
            var options = Environment.OptionsFor(Tenant, MaxRecords, ThrottleLimit);
            RefuseParametersTheServiceLacks(options, Section != null, MaxRecords != null);
            options.Sections = Section?.Select(s => SectionNames.Canonical(s) ?? s).Distinct().ToArray() ?? Array.Empty<string>();
            options.MaxAge = MaxAge;
            options.Force = Force;
            options.MaxRequests = MaxRequests;
            return options;
        }
    }
}
