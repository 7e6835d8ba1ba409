using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace KumaTip.Core.Output
{
    /// <summary>
    /// The one-line text of an output object (its ToString): what Export-Csv writes in a cell, what ConvertTo-Json
    /// writes past its -Depth and what Format-List shows for a nested object, instead of the type's name.
    /// </summary>
    internal static class OutputText
    {
        /// <summary>The parts that have text, joined.</summary>
        public static string Join(string separator, IEnumerable<string?> parts)
            => string.Join(separator, parts.Where(p => !string.IsNullOrEmpty(p)));

        public static string Join(string separator, params string?[] parts) => Join(separator, (IEnumerable<string?>)parts);

        /// <summary><c>text (zone)</c>, or the text alone when there is no zone.</summary>
        public static string? WithZone(string? text, string? zone)
            => string.IsNullOrEmpty(zone) ? text : string.IsNullOrEmpty(text) ? zone : text + " (" + zone + ")";

        /// <summary><c>label value</c>, or null when there is no value.</summary>
        public static string? Labeled(string label, string? value) => string.IsNullOrEmpty(value) ? null : label + " " + value;

        /// <summary>The UTC date, <c>yyyy-MM-dd</c>.</summary>
        public static string? Date(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        public static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);
    }
}
