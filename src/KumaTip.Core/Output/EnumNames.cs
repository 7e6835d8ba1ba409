using System;
using System.Collections.Generic;
using System.Linq;

namespace KumaTip.Core.Output
{
    /// <summary>
    /// The names of an enum's values, computed once. Output objects carry zones, types and statuses as these names
    /// (ConvertTo-Json writes an enum as its number), and some are read in tight loops over thousands of cached rows.
    /// </summary>
    internal static class EnumNames<T> where T : struct, Enum
    {
        private static readonly Dictionary<T, string> Names = Enum.GetValues(typeof(T)).Cast<T>().Distinct().ToDictionary(v => v, v => v.ToString());

        private static readonly Dictionary<string, T> Values = Names.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

        /// <summary>Every name, in declaration order.</summary>
        public static IReadOnlyCollection<string> All { get; } = Names.Values.ToArray();

        public static string Of(T value) => Names.TryGetValue(value, out var name) ? name : value.ToString();

        /// <summary>The value of a name, in any case; false for anything else (numbers included).</summary>
        public static bool TryParse(string? name, out T value)
        {
            value = default;
            return name != null && Values.TryGetValue(name.Trim(), out value);
        }

        /// <summary>The value of a name, in any case; an ArgumentException naming the value and the valid names otherwise.</summary>
        public static T Parse(string? name, string what)
        {
            if (TryParse(name, out var value)) return value;
            throw new ArgumentException($"'{name}' is not a {what}; use one of: {string.Join(", ", All)}.", nameof(name));
        }
    }
}
