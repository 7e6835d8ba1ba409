using System;
using System.Collections.Generic;
using System.Linq;
using KumaTip.Core.Api;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// Section names for -Section: every wire name some indicator type offers (validation, tab completion), and the
    /// wire list for one type of a mixed batch, where a name another type offers is simply not asked of this one.
    /// </summary>
    public static class SectionNames
    {
        private static readonly Lazy<string[]> AllNames = new Lazy<string[]>(() =>
            ((TipIndicatorType[])Enum.GetValues(typeof(TipIndicatorType)))
                .SelectMany(SectionCatalog.ValidSections).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToArray());

        public static string[] All => AllNames.Value;

        /// <summary>The wire spelling of <paramref name="name"/> (case-insensitive match), or null when no type offers it.</summary>
        public static string? Canonical(string name) => All.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// The wire sections to ask for <paramref name="type"/>: none named = the type's full set; otherwise the named
        /// ones the type offers, with LicenseInfo and Zone always.
        /// </summary>
        public static IReadOnlyList<string> ForType(TipIndicatorType type, IReadOnlyList<string> names)
        {
            if (names.Count == 0) return SectionCatalog.DefaultSections(type);
            var valid = SectionCatalog.ValidSections(type);
            var applicable = names.Where(n => valid.Any(v => string.Equals(v, n, StringComparison.OrdinalIgnoreCase))).ToList();
            return applicable.Count == 0 ? new[] { SectionCatalog.LicenseInfo, SectionCatalog.Zone } : SectionCatalog.Resolve(type, applicable);
        }
    }
}
