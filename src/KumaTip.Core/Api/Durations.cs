using System;
using System.Globalization;

namespace KumaTip.Core.Api
{
    /// <summary>Waits and timeouts as people read them in messages: "0.25 s", "15 s", "3 min".</summary>
    internal static class Durations
    {
        public static string Format(TimeSpan span)
        {
            // Short waits keep their fraction (a 1.3 s back-off is not "2 s"); longer ones are rounded up.
            if (span < TimeSpan.FromSeconds(10)) return span.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture) + " s";
            if (span.TotalSeconds < 120) return Math.Ceiling(span.TotalSeconds).ToString("0", CultureInfo.InvariantCulture) + " s";
            return Math.Ceiling(span.TotalMinutes).ToString("0", CultureInfo.InvariantCulture) + " min";
        }
    }
}
