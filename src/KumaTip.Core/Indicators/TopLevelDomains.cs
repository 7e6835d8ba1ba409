using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace KumaTip.Core.Indicators
{
    /// <summary>
    /// The top-level domains free-text extraction trusts: every TLD named by the Public Suffix List (shipped as an
    /// embedded resource, loaded once on first use) plus the special-use names internal hosts carry in real incidents.
    /// </summary>
    internal static class TopLevelDomains
    {
        /// <summary>RFC 6761/6762/7686/8375/9476 and ICANN's reserved <c>internal</c>: never delegated, yet seen in incidents.</summary>
        private static readonly string[] SpecialUse = { "example", "test", "local", "localhost", "invalid", "onion", "alt", "internal", "arpa" };

        private static readonly Lazy<HashSet<string>> Known = new Lazy<HashSet<string>>(Load, System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>True when <paramref name="tld"/> (lower-case ASCII, punycode for IDN) is real or special-use.</summary>
        public static bool IsKnown(string tld) => Known.Value.Contains(tld);

        public static bool IsSpecialUse(string tld) => Array.IndexOf(SpecialUse, tld) >= 0;

        public static int Count => Known.Value.Count;

        private static HashSet<string> Load()
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in SpecialUse) set.Add(name);
            using var stream = typeof(TopLevelDomains).Assembly.GetManifestResourceStream("KumaTip.Core.Indicators.public_suffix_list.dat");
            if (stream == null) return set;
            var idn = new IdnMapping();
            using var reader = new StreamReader(stream, Encoding.UTF8);
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                line = line.Trim();
                if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal)) continue;
                var tld = line.Substring(line.LastIndexOf('.') + 1).TrimStart('!', '*');
                if (tld.Length == 0) continue;
                try
                {
                    set.Add(idn.GetAscii(tld).ToLowerInvariant());
                }
                catch (ArgumentException)
                {
                    // A rule the IDN mapping rejects cannot match a host we accept either.
                }
            }
            return set;
        }
    }
}
