using System;
using System.Linq;
using System.Reflection;
using KumaTip.Core.Api.Sections;

namespace KumaTip.Core.Lookups
{
    /// <summary>Every wire section name the API knows (the properties of <see cref="TipSections"/>), for validation and tab completion.</summary>
    public static class SectionNames
    {
        private static readonly Lazy<string[]> AllNames = new Lazy<string[]>(() =>
            typeof(TipSections).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray());

        public static string[] All => AllNames.Value;

        /// <summary>The wire spelling of <paramref name="name"/> (case-insensitive match), or null when there is no such section.</summary>
        public static string? Canonical(string name) => All.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
    }
}
