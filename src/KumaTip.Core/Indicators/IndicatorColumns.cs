using System;
using System.Collections.Generic;

namespace KumaTip.Core.Indicators
{
    /// <summary>
    /// The column (or property) names that hold an indicator, in the order one is chosen when a row has several: the
    /// one list Import-TipIndicator uses for files and Invoke-TipLookup for pipeline objects. Compared ignoring case,
    /// with a space read as '_'.
    /// </summary>
    public static class IndicatorColumns
    {
        /// <summary>What IOC exports, SIEM events and our own objects call it, most specific first.</summary>
        public static readonly IReadOnlyList<string> Candidates = new[]
        {
            "ioc", "iocs", "indicator", "indicators", "value", "observable", "observable_value", "indicator_value", "ioc_value",
            "artifact", "entity", "url", "domain", "hostname", "host", "fqdn", "ip", "ip_address", "ipaddress",
            "sourceip", "source_ip", "src_ip", "srcip", "destinationip", "destination_ip", "dst_ip", "dstip",
            "hash", "filehash", "file_hash", "sha256", "sha1", "md5",
        };

        private static readonly Dictionary<string, int> Rank = BuildRank();

        /// <summary>The candidate rank of <paramref name="name"/> (0 = first), or -1 when it is not an indicator column.</summary>
        public static int RankOf(string? name)
        {
            if (name == null) return -1;
            return Rank.TryGetValue(name.Trim().Replace(' ', '_'), out var rank) ? rank : -1;
        }

        /// <summary>The index of the best-ranked name in <paramref name="names"/>; -1 when none is a candidate.</summary>
        public static int Find(IReadOnlyList<string> names)
        {
            int best = -1, bestRank = int.MaxValue;
            for (var i = 0; i < names.Count; i++)
            {
                var rank = RankOf(names[i]);
                if (rank >= 0 && rank < bestRank)
                {
                    best = i;
                    bestRank = rank;
                }
            }
            return best;
        }

        private static Dictionary<string, int> BuildRank()
        {
            var rank = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < Candidates.Count; i++) rank[Candidates[i]] = i;
            return rank;
        }
    }
}
