using System;
using System.Linq;
using System.Management.Automation;
using KumaTip.Core.Indicators;

namespace KumaTip.PowerShell.Support
{
    /// <summary>
    /// Finds the indicator in a pipeline object that came without -Property: the non-empty column that ranks first in
    /// <see cref="IndicatorColumns.Candidates"/>. A row with values in several such columns (IP and Domain) gets the
    /// first, and the batch hears once which one was taken and how to take another.
    /// </summary>
    internal sealed class RowColumns
    {
        private bool _warned;

        public (string? Value, string? Problem, string? Warning) Choose(PSObject row)
        {
            string? best = null, bestValue = null, other = null;
            int bestRank = int.MaxValue, candidates = 0;
            foreach (var property in row.Properties)
            {
                var rank = IndicatorColumns.RankOf(property.Name);
                if (rank < 0) continue;
                candidates++;
                string? value;
                try
                {
                    value = Text(property.Value);
                }
                catch (GetValueException)
                {
                    continue; // a property whose getter throws holds no indicator
                }
                if (string.IsNullOrWhiteSpace(value)) continue;
                if (rank < bestRank)
                {
                    if (best != null) other ??= best;
                    best = property.Name;
                    bestValue = value;
                    bestRank = rank;
                }
                else
                {
                    other ??= property.Name;
                }
            }
            if (best == null)
            {
                return (null, candidates == 0
                    ? "The object has no column named like an indicator (its properties: " + Names(row) + "); name the one that holds it with -Property."
                    : "The object's indicator columns are empty (its properties: " + Names(row) + ").", null);
            }
            string? warning = null;
            if (other != null && !_warned)
            {
                _warned = true;
                warning = "A row has indicators in more than one column ('" + best + "' and '" + other + "'); Invoke-TipLookup looks up '" + best +
                    "', the first in its list of column names, in each such row. To look up '" + other + "' too, run it again with -Property " + other + ".";
            }
            return (bestValue, null, warning);
        }

        /// <summary>A property value as indicator text: strings as they are, PowerShell wrappers unwrapped, null for nothing.</summary>
        public static string? Text(object? value)
        {
            var plain = value is PSObject wrapped ? wrapped.BaseObject : value;
            return plain?.ToString();
        }

        /// <summary>The row's property names for a message, at most 20.</summary>
        public static string Names(PSObject row)
        {
            var names = row.Properties.Select(p => p.Name).ToList();
            if (names.Count == 0) return "none";
            return string.Join(", ", names.Take(20)) + (names.Count > 20 ? ", …" : "");
        }
    }
}
