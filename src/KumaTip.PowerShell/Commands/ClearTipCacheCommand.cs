using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using KumaTip.Core.Indicators;
using KumaTip.Core.Lookups;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Drops cached lookup results, so the next lookup asks the portal again.</summary>
    /// <remarks>
    /// Clear-TipCache removes the tenant's cached results: those of the given indicators (normalized like
    /// Invoke-TipLookup's input; wildcards match the normalized value), of some types, those older than -OlderThan, or
    /// with -All every one. The results were paid for, so a bare Clear-TipCache removes nothing and says to add -All.
    /// Tasks and the ledger are kept. It asks for confirmation under -Confirm and honours -WhatIf.
    /// </remarks>
    /// <example>
    /// <code>Clear-TipCache -OlderThan 30.00:00:00</code>
    /// <para>Drops every result received more than 30 days ago.</para>
    /// </example>
    /// <example>
    /// <code>Clear-TipCache -All -Confirm:$false</code>
    /// <para>Drops every cached result of the tenant without asking.</para>
    /// </example>
    /// <example>
    /// <code>Clear-TipCache -Indicator evil.example, '*.test' -WhatIf</code>
    /// <para>Shows how many cached results would be dropped for one domain and every .test name.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Clear, "TipCache", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Base + "Clear-TipCache.md")]
    [OutputType(typeof(void))]
    public sealed class ClearTipCacheCommand : LookupEnvironmentCmdlet
    {
        /// <summary>Indicators whose results to drop (wildcards allowed).</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Value", "IOC", "Url", "Domain", "IP", "Hash")]
        [SupportsWildcards]
        public string[]? Indicator { get; set; }

        /// <summary>Only results of these types.</summary>
        [Parameter]
        public TipIndicatorType[]? Type { get; set; }

        /// <summary>Only results received longer ago than this.</summary>
        [Parameter]
        public TimeSpan? OlderThan { get; set; }

        /// <summary>Drop every cached result of the tenant (needed when no -Indicator, -Type or -OlderThan narrows it).</summary>
        [Parameter]
        public SwitchParameter All { get; set; }

        private readonly List<WildcardPattern> _patterns = new List<WildcardPattern>();
        private bool _indicatorGiven;

        protected override void OnProcessRecord()
        {
            // Piped indicators are only collected here: the cache is scanned once, at the end, for all of them.
            if (Indicator == null || Indicator.Length == 0) return;
            _indicatorGiven = true;
            foreach (var value in Indicator)
            {
                var pattern = Pattern(value);
                if (pattern != null) _patterns.Add(pattern);
            }
        }

        protected override void OnEndProcessing()
        {
            if (_indicatorGiven && _patterns.Count == 0) return;
            var narrowed = _indicatorGiven || (Type != null && Type.Length > 0) || OlderThan.HasValue;
            if (!narrowed && !All && !WhatIfWanted())
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(
                    "Clear-TipCache without -Indicator, -Type or -OlderThan would remove every cached result of tenant '" + Tenant +
                    "', all of them paid for. Add -All to remove them all, or narrow it (Clear-TipCache -OlderThan 30.00:00:00)."),
                    "TipClearCacheNeedsAll", ErrorCategory.InvalidArgument, Tenant));
            }
            var patterns = _patterns.ToArray();
            var now = DateTime.UtcNow;
            bool Selected(TipLookupResult r)
                => (patterns.Length == 0 || patterns.Any(p => p.IsMatch(r.Indicator)))
                   && (Type == null || Type.Length == 0 || Type.Contains(r.Kind))
                   && (!OlderThan.HasValue || now - r.ReceivedAt > OlderThan.Value);
            var environment = Environment;
            var count = environment.Service.GetCached(Tenant, Selected).Count();
            if (count == 0)
            {
                WriteVerbose("No cached result of tenant '" + Tenant + "' matches.");
                return;
            }
            if (!ShouldProcess(count + " cached result(s) of tenant '" + Tenant + "'", "Remove")) return;
            var removed = environment.Service.ClearCache(Tenant, Selected);
            WriteVerbose("Removed " + removed + " cached result(s).");
        }

        private bool WhatIfWanted()
            => MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) ? ((SwitchParameter)w).IsPresent
                : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

        private WildcardPattern? Pattern(string value)
        {
            if (WildcardPattern.ContainsWildcardCharacters(value)) return new WildcardPattern(value, WildcardOptions.IgnoreCase);
            var parsed = IndicatorParser.Parse(value, "pipeline");
            if (!parsed.Success)
            {
                WriteError(new ErrorRecord(new ArgumentException(parsed.Error), "InvalidIndicator", ErrorCategory.InvalidArgument, value));
                return null;
            }
            return new WildcardPattern(WildcardPattern.Escape(parsed.Indicator!.Value), WildcardOptions.IgnoreCase);
        }
    }
}
