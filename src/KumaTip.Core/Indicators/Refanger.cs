using System;
using System.Text.RegularExpressions;

namespace KumaTip.Core.Indicators
{
    /// <summary>
    /// Undoes the defanging analysts apply so that indicators cannot be clicked: <c>hxxp</c>, <c>h**p</c>, <c>fxp</c>,
    /// <c>[.]</c>, <c>(.)</c>, <c>{.}</c>, <c>[dot]</c>, <c>\.</c>, <c>[:]</c>, <c>[://]</c>, <c>[@]</c>, <c>[at]</c>, spaces
    /// around a bracketed dot or at. Case-insensitive. Regexes are static and compiled; a cheap scan skips them for
    /// the common case of text with nothing to refang.
    /// </summary>
    internal static class Refanger
    {
        private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled;

        // Spaces are eaten only between word characters ("evil [.] com"), so prose around a stray "(.)" keeps its spacing.
        private static readonly Regex Dot = new Regex(@"(?:(?<=[\w-])\s*)?[\[\(\{]\s*(?:\.|dot)\s*[\]\)\}](?:\s*(?=[\w-]))?|\\\.", Options);
        private static readonly Regex At = new Regex(@"(?:(?<=[\w.-])\s*)?[\[\(\{]\s*(?:@|at)\s*[\]\)\}](?:\s*(?=[\w-]))?", Options);
        // Not after a letter (so "ahxxp:" stays a scheme of its own), but after anything else, so refanging is idempotent.
        private static readonly Regex SchemeSeparator = new Regex(@"[\[\(\{]\s*:\s*//\s*[\]\)\}]|[\[\(\{]\s*:\s*[\]\)\}]//|:\s*[\[\(\{]\s*//\s*[\]\)\}]", Options);
        private static readonly Regex Colon = new Regex(@"[\[\(\{]\s*:\s*[\]\)\}]", Options);
        // Not after a letter (so "ahxxp:" stays a scheme of its own), but after anything else, so refanging is idempotent.
        private static readonly Regex Scheme = new Regex(@"(?<![a-z])(?:h(?:xx|\*\*|xxx)p|fxp)(s?)(?=:)", Options);
        private static readonly MatchEvaluator SchemeEvaluator = m => (m.Value[0] == 'f' || m.Value[0] == 'F' ? "ftp" : "http") + m.Groups[1].Value.ToLowerInvariant();

        public static string Refang(string input, out bool changed)
        {
            changed = false;
            if (string.IsNullOrEmpty(input)) return input ?? string.Empty;
            var current = input;
            // Repeat until stable so "[[.]]" ends as "." and refanging a refanged value changes nothing (idempotence).
            for (var pass = 0; pass < 8; pass++)
            {
                var next = Once(current);
                if (ReferenceEquals(next, current) || string.Equals(next, current, StringComparison.Ordinal)) break;
                current = next;
                changed = true;
            }
            return current;
        }

        private static string Once(string s)
        {
            if (s.IndexOfAny(BracketChars) >= 0)
            {
                s = SchemeSeparator.Replace(s, "://");
                s = Colon.Replace(s, ":");
                s = Dot.Replace(s, ".");
                s = At.Replace(s, "@");
            }
            if (s.IndexOf("xp", StringComparison.OrdinalIgnoreCase) >= 0 || s.IndexOf("*p", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                s = Scheme.Replace(s, SchemeEvaluator);
            }
            return s;
        }

        private static readonly char[] BracketChars = { '[', '(', '{', '\\' };
    }
}
