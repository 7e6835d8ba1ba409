using System;
using System.Collections.Generic;
using System.Linq;
using KumaTip.Core.Api;
using KumaTip.Core.Indicators;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// What Update-TipLookup asks again for piped results: one tenant (the first result's, or the one given), and per
    /// type the union of the sections its results were fetched with, where a result fetched with the full set makes
    /// its type's request the full set again (never narrower than what is being refreshed).
    /// </summary>
    public sealed class RefreshPlan
    {
        private readonly Dictionary<TipIndicatorType, HashSet<string>> _named = new Dictionary<TipIndicatorType, HashSet<string>>();
        private readonly HashSet<TipIndicatorType> _full = new HashSet<TipIndicatorType>();

        /// <param name="tenant">The tenant given with -Tenant; null = the first result's.</param>
        public RefreshPlan(string? tenant)
        {
            Tenant = tenant == null ? null : Tenants.Normalize(tenant);
        }

        /// <summary>The tenant the refresh runs for; null until a result or -Tenant fixes it.</summary>
        public string? Tenant { get; private set; }

        /// <summary>Takes a piped result into the plan; refused (with the reason, naming the indicator) when it is another tenant's.</summary>
        public bool TryAdd(TipLookupResult result, out string? refusal)
        {
            var tenant = Tenants.Normalize(result.Tenant);
            Tenant ??= tenant;
            if (!string.Equals(Tenant, tenant, StringComparison.OrdinalIgnoreCase))
            {
                refusal = "The result for '" + result.Indicator + "' belongs to tenant '" + tenant + "', but this Update-TipLookup runs for tenant '" + Tenant +
                          "'. Refresh one tenant's results at a time (Get-TipLookup -Tenant " + tenant + " | Update-TipLookup -Tenant " + tenant + ").";
                return false;
            }
            refusal = null;
            var full = SectionCatalog.DefaultSections(result.Kind);
            if (result.Sections.Count == 0 || full.All(s => result.Sections.Contains(s)))
            {
                _full.Add(result.Kind);
            }
            else
            {
                if (!_named.TryGetValue(result.Kind, out var names)) _named[result.Kind] = names = new HashSet<string>(StringComparer.Ordinal);
                names.UnionWith(result.Sections);
            }
            return true;
        }

        /// <summary>Per type: empty = the full set; else the union of the names its results had.</summary>
        public IReadOnlyDictionary<TipIndicatorType, IReadOnlyList<string>> SectionsByType
        {
            get
            {
                var map = new Dictionary<TipIndicatorType, IReadOnlyList<string>>();
                foreach (var type in _full) map[type] = Array.Empty<string>();
                foreach (var pair in _named)
                {
                    if (!_full.Contains(pair.Key)) map[pair.Key] = pair.Value.OrderBy(n => n, StringComparer.Ordinal).ToArray();
                }
                return map;
            }
        }

        /// <summary>The sections to record in the task (a restart resolves them per type): every type's list, full sets spelled out.</summary>
        public IReadOnlyList<string> TaskSections
        {
            get
            {
                var all = new SortedSet<string>(StringComparer.Ordinal);
                foreach (var type in _full) all.UnionWith(SectionCatalog.DefaultSections(type));
                foreach (var pair in _named) all.UnionWith(pair.Value);
                return all.ToArray();
            }
        }
    }
}
