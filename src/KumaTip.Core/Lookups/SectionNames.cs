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

        /// <summary>
        /// A warning for named sections that none of <paramref name="types"/> offers (FileGeneralInfo in a batch of
        /// domains): they were not requested, and a user who asked for them should hear it. Null when all applied.
        /// </summary>
        public static string? NotApplicableMessage(IReadOnlyList<string> names, ICollection<TipIndicatorType> types)
        {
            if (names.Count == 0 || types.Count == 0) return null;
            var unused = names.Where(n => !types.Any(t => SectionCatalog.ValidSections(t).Any(v => string.Equals(v, n, StringComparison.OrdinalIgnoreCase))))
                .Where(n => !string.Equals(n, SectionCatalog.LicenseInfo, StringComparison.OrdinalIgnoreCase) && !string.Equals(n, SectionCatalog.Zone, StringComparison.OrdinalIgnoreCase))
                .ToList();
            if (unused.Count == 0) return null;
            var offeredBy = unused.Select(n => n + " (" + string.Join(", ",
                ((TipIndicatorType[])Enum.GetValues(typeof(TipIndicatorType))).Where(t => SectionCatalog.ValidSections(t).Any(v => string.Equals(v, n, StringComparison.OrdinalIgnoreCase)))) + ")");
            return "-Section " + string.Join(", ", offeredBy) + " applies to none of the indicators of this batch (" + string.Join(", ", types.OrderBy(t => t)) +
                "), so it was not requested. Each section belongs to the indicator types shown; Get-Help Invoke-TipLookup -Parameter Section lists them.";
        }
    }
}
