using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KumaTip.Core.Indicators
{
    /// <summary>
    /// The one indicator parser every entry point uses: refang, classify, normalize, validate.
    /// <para>
    /// Two modes. <see cref="Parse"/> takes a value someone named explicitly (a parameter, a pipeline string, a CSV or
    /// JSON column): any syntactically valid host name is a Domain, special-use ones included, and a value that is not
    /// an indicator gets an error saying why. <see cref="Extract"/> reads prose (tickets, reports) and returns every
    /// indicator in order of appearance; there a word is a domain only when its TLD is real (Public Suffix List) or
    /// special-use, so <c>report.pdf</c> and <c>version 1.2.3</c> are not picked up. Neither method ever throws.
    /// </para>
    /// Decisions (documented for users in the cmdlet help):
    /// <list type="bullet">
    /// <item>An e-mail address (<c>user@evil.com</c>) yields its domain; the portal has no e-mail lookup.</item>
    /// <item>A host with a port and nothing else (<c>1.2.3.4:8080</c>, <c>evil.com:443</c>) yields the host; the port
    /// is not part of an IP or domain lookup. With a path it is a URL and the port is kept (default ports dropped).</item>
    /// <item>A URL without a scheme (<c>www.evil.com/path</c>) stays without one: inventing <c>http://</c> would change
    /// what is looked up.</item>
    /// <item>A CIDR range (<c>10.0.0.0/8</c>) is not an indicator.</item>
    /// <item>File names whose extension is also a real TLD (<c>invoice.zip</c>, <c>install.sh</c>) are domains in prose:
    /// to DNS they are.</item>
    /// </list>
    /// </summary>
    public static class IndicatorParser
    {
        /// <summary>Longer values are refused outright; the portal refuses URLs over 2000 characters anyway.</summary>
        public const int MaxLength = 8192;

        private const int MaxShown = 80;

        private static readonly char[] HostTerminators = { '/', '?', '#', '\\' };

        // Characters that separate candidates inside one whitespace-delimited word of prose (not inside a URL with a scheme).
        private static readonly char[] ProseDelimiters = { ',', ';', '|', '<', '>', '"', '\'', '(', ')', '{', '}', '`', '\u2018', '\u2019', '\u201C', '\u201D' };
        private static readonly char[] UrlEnd = { '"', '\'', '<', '>', '`', '|', '\u201C', '\u201D', '\u2018', '\u2019' };
        private static readonly char[] KeyValueSeparators = { ':', '=' };

        /// <summary>Parses one explicitly given value. Domain when it is a syntactically valid host name.</summary>
        public static IndicatorParseResult Parse(string? input, string source = "text")
        {
            source ??= "text";
            try
            {
                return ParseUnchecked(input ?? string.Empty, source);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                return IndicatorParseResult.Fail(input ?? string.Empty, Why(input ?? string.Empty, "it could not be read (" + ex.GetType().Name + ")"), source);
            }
        }

        public static bool TryParse(string? input, out TipIndicator? indicator, out string? error, string source = "text")
        {
            var result = Parse(input, source);
            indicator = result.Indicator;
            error = result.Error;
            return result.Success;
        }

        /// <summary>Every indicator in <paramref name="text"/>, in order of appearance (duplicates kept).</summary>
        public static IReadOnlyList<TipIndicator> Extract(string? text, string source = "text")
        {
            var found = new List<TipIndicator>();
            if (string.IsNullOrEmpty(text)) return found;
            source ??= "text";
            try
            {
                ExtractUnchecked(text!, source, found);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                // Never throw on input; what was found before the failure is still returned.
            }
            return found;
        }

        /// <summary>Undoes defanging (<c>hxxp</c>, <c>[.]</c>, <c>(dot)</c>, <c>[:]</c>, <c>[at]</c>…).</summary>
        public static string Refang(string input, out bool changed) => Refanger.Refang(input ?? string.Empty, out changed);

        // ---------------------------------------------------------------- explicit

        /// <summary>Parse without the safety net; tests use it to prove the net never catches anything.</summary>
        internal static IndicatorParseResult ParseUnchecked(string input, string source)
        {
            var s = input.Trim();
            if (s.Length == 0) return IndicatorParseResult.Fail(input, "An empty value is not an indicator.", source);
            if (s.Length > MaxLength)
                return IndicatorParseResult.Fail(input, Why(s, "it is " + s.Length.ToString(CultureInfo.InvariantCulture) + " characters long; the longest accepted is " + MaxLength.ToString(CultureInfo.InvariantCulture)), source);
            s = StripQuotes(s);
            s = Refanger.Refang(s, out var defanged).Trim();
            var bad = FirstBadChar(s, 0, s.Length);
            if (bad >= 0)
            {
                var c = s[bad];
                return IndicatorParseResult.Fail(input, Why(input,
                    char.IsWhiteSpace(c) ? "it contains spaces; to find the indicators in a sentence or a log line, use Import-TipIndicator -Text"
                    : char.IsControl(c) ? "it contains a control character (U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + ")"
                    : "it contains an invalid Unicode character"), source);
            }
            var indicator = Classify(s, input.Trim(), source, defanged, prose: false, out var error);
            return indicator != null
                ? IndicatorParseResult.Ok(input, indicator)
                : IndicatorParseResult.Fail(input, Why(input, error ?? "it is not a domain, URL, IP address or MD5/SHA-1/SHA-256 hash"), source);
        }

        private static string StripQuotes(string s)
        {
            while (s.Length >= 2)
            {
                char first = s[0], last = s[s.Length - 1];
                if ((first == '"' && last == '"') || (first == '\'' && last == '\'') || (first == '<' && last == '>') || (first == '`' && last == '`'))
                    s = s.Substring(1, s.Length - 2).Trim();
                else break;
            }
            return s;
        }

        /// <summary>"'value' is not an indicator: reason", the value shortened when absurdly long.</summary>
        internal static string Why(string value, string reason) => "'" + Shorten(value.Trim()) + "' is not an indicator: " + reason + ".";

        internal static string Shorten(string value)
        {
            var sb = new StringBuilder(Math.Min(value.Length, MaxShown + 1));
            for (var i = 0; i < value.Length && sb.Length < MaxShown; i++)
            {
                var c = value[i];
                sb.Append(char.IsControl(c) || char.IsSurrogate(c) ? '?' : c);
            }
            if (value.Length > MaxShown) sb.Append('…');
            return sb.ToString();
        }

        // ---------------------------------------------------------------- classification

        /// <summary>
        /// Classifies a refanged, trimmed candidate without spaces. In prose mode a domain needs a known TLD, ambiguous
        /// or invalid forms are silently not indicators, and <paramref name="error"/> is only a hint.
        /// </summary>
        private static TipIndicator? Classify(string s, string original, string source, bool defanged, bool prose, out string? error)
        {
            error = null;
            if (s.Length == 0) { error = "it is empty"; return null; }

            var hash = ClassifyHash(s, out var hashType);
            if (hash != null) return new TipIndicator(hash, hashType, original, source, defanged);
            var hexDigits = HexRunLength(s);
            if (hexDigits >= 16)
            {
                error = hexDigits.ToString(CultureInfo.InvariantCulture) + " hex digits is not a hash (MD5 has 32, SHA-1 40, SHA-256 64)";
                return null;
            }

            var sep = s.IndexOf("://", StringComparison.Ordinal);
            if (sep < 0 && LooksLikePath(s))
            {
                error = "it looks like a file path; to read indicators from a file use Import-TipIndicator -Path (and pipe its output on)";
                return null;
            }
            if (sep >= 0)
            {
                if (!IsScheme(s, sep)) { error = "the text before '://' is not a URL scheme"; return null; }
                return ParseUrl(s, sep, original, source, defanged, prose, out error);
            }

            // A bracketed IPv6 address, alone, with a port, or as the host of a URL without a scheme.
            if (s[0] == '[')
            {
                var close = s.IndexOf(']');
                if (close < 0) { error = "it has '[' without ']'"; return null; }
                var rest = s.Substring(close + 1);
                if (!TryIPv6(s.Substring(1, close - 1), out var v6)) { error = "the text in brackets is not an IPv6 address"; return null; }
                if (rest.Length == 0 || rest[0] == '#' || (rest[0] == ':' && IsPort(rest, 1, out _)))
                    return V6Indicator(v6, original, source, defanged);
                if (rest[0] == ':')
                {
                    var pathStart = rest.IndexOfAny(HostTerminators);
                    if (pathStart < 0 || !IsPort(rest.Substring(0, pathStart), 1, out _)) { error = "the port after the IPv6 address is not a number from 1 to 65535"; return null; }
                }
                if (rest[0] != ':' && rest[0] != '/' && rest[0] != '?') { error = "unexpected text after the IPv6 address"; return null; }
                return SchemelessUrl("[" + v6 + "]", rest, original, source, defanged, null, out error);
            }

            var hostEnd = s.IndexOfAny(HostTerminators);
            var hostPart = hostEnd < 0 ? s : s.Substring(0, hostEnd);
            var tail = hostEnd < 0 ? string.Empty : s.Substring(hostEnd);

            // Bare IPv6 (more than one colon); a bare IPv6 address cannot carry a path or port.
            if (CountOf(hostPart, ':') > 1)
            {
                if (!TryIPv6(hostPart, out var v6)) { error = "it is not a valid IPv6 address"; return null; }
                if (tail.Length == 0 || tail[0] == '#') return V6Indicator(v6, original, source, defanged);
                if (tail[0] == '/' && IsAllDigits(tail, 1)) { error = "a CIDR range is not an indicator; give one address"; return null; }
                error = "an IPv6 address with a path must be in brackets, as in http://[2001:db8::1]/path";
                return null;
            }

            // user@domain: the mail domain is what can be looked up.
            var at = hostPart.LastIndexOf('@');
            if (at >= 0)
            {
                if (tail.Length > 0) { error = "it looks like an e-mail address followed by a path"; return null; }
                if (at == 0 || at == hostPart.Length - 1) { error = "'@' must sit between a user and a domain"; return null; }
                hostPart = hostPart.Substring(at + 1);
            }

            // host:port
            string? port = null;
            var colon = hostPart.IndexOf(':');
            if (colon >= 0)
            {
                if (!IsPort(hostPart, colon + 1, out var portNumber)) { error = "the text after ':' is not a port number from 1 to 65535"; return null; }
                port = portNumber.ToString(CultureInfo.InvariantCulture);
                hostPart = hostPart.Substring(0, colon);
            }
            if (hostPart.Length == 0) { error = "it has no host"; return null; }

            if (!NormalizeHost(hostPart, prose, allowSingleLabel: false, out var host, out var unicodeHost, out var hostType, out error)) return null;

            if (tail.Length == 0 || tail[0] == '#')
            {
                if (at >= 0 && hostType != TipIndicatorType.Domain) { error = "an e-mail address needs a domain"; return null; }
                return new TipIndicator(host, hostType, original, source, defanged, unicodeHost);
            }
            if (at >= 0) { error = "it looks like an e-mail address followed by a path"; return null; }
            if (hostType == TipIndicatorType.IPv4 && tail[0] == '/' && port == null && tail.Length > 1 && IsAllDigits(tail, 1))
            {
                error = "a CIDR range is not an indicator; give one address";
                return null;
            }
            return SchemelessUrl(port == null ? host : host + ":" + port, tail, original, source, defanged,
                unicodeHost == null ? null : (port == null ? unicodeHost : unicodeHost + ":" + port), out error);
        }

        private static TipIndicator? SchemelessUrl(string hostAndPort, string tail, string original, string source, bool defanged, string? unicodeHostAndPort, out string? error)
        {
            error = null;
            var fragment = tail.IndexOf('#');
            var pathAndQuery = fragment < 0 ? tail : tail.Substring(0, fragment);
            if (!CheckPath(pathAndQuery, out error)) return null;
            return new TipIndicator(hostAndPort + pathAndQuery, TipIndicatorType.Url, original, source, defanged,
                unicodeHostAndPort == null ? null : unicodeHostAndPort + pathAndQuery);
        }

        private static TipIndicator? ParseUrl(string s, int sep, string original, string source, bool defanged, bool prose, out string? error)
        {
            error = null;
            var scheme = s.Substring(0, sep).ToLowerInvariant();
            var authorityStart = sep + 3;
            var authorityEnd = s.IndexOfAny(HostTerminators, authorityStart);
            if (authorityEnd < 0) authorityEnd = s.Length;
            var authority = s.Substring(authorityStart, authorityEnd - authorityStart);
            var tail = s.Substring(authorityEnd);
            var fragment = tail.IndexOf('#');
            var pathAndQuery = fragment < 0 ? tail : tail.Substring(0, fragment);
            if (!CheckPath(pathAndQuery, out error)) return null;

            var userInfo = string.Empty;
            var at = authority.LastIndexOf('@');
            if (at >= 0)
            {
                userInfo = authority.Substring(0, at + 1);
                authority = authority.Substring(at + 1);
            }

            string host, hostUnicode;
            string? hostUnicodeOrNull = null;
            string rest;
            if (authority.Length > 0 && authority[0] == '[')
            {
                var close = authority.IndexOf(']');
                if (close < 0 || !TryIPv6(authority.Substring(1, close - 1), out var v6)) { error = "the host in brackets is not an IPv6 address"; return null; }
                host = "[" + v6 + "]";
                hostUnicode = host;
                rest = authority.Substring(close + 1);
                if (rest.Length > 0 && rest[0] != ':') { error = "unexpected text after the IPv6 host"; return null; }
            }
            else
            {
                var colon = authority.LastIndexOf(':');
                var hostText = colon < 0 ? authority : authority.Substring(0, colon);
                rest = colon < 0 ? string.Empty : authority.Substring(colon);
                if (hostText.Length == 0) { error = "the URL has no host"; return null; }
                if (!NormalizeHost(hostText, prose: false, allowSingleLabel: true, out host, out hostUnicodeOrNull, out _, out error)) return null;
                hostUnicode = hostUnicodeOrNull ?? host;
            }

            var port = string.Empty;
            if (rest.Length > 1)
            {
                if (!IsPort(rest, 1, out var number)) { error = "the port is not a number from 1 to 65535"; return null; }
                if (!IsDefaultPort(scheme, number)) port = ":" + number.ToString(CultureInfo.InvariantCulture);
            }

            var value = scheme + "://" + userInfo + host + port + pathAndQuery;
            var unicode = hostUnicodeOrNull == null ? null : scheme + "://" + userInfo + hostUnicode + port + pathAndQuery;
            return new TipIndicator(value, TipIndicatorType.Url, original, source, defanged, unicode);
        }

        private static bool CheckPath(string pathAndQuery, out string? error)
        {
            error = null;
            if (FirstBadChar(pathAndQuery, 0, pathAndQuery.Length) >= 0) { error = "the URL contains a space, a control character or an invalid Unicode character"; return false; }
            return true;
        }

        private static bool IsDefaultPort(string scheme, int port)
        {
            switch (scheme)
            {
                case "http":
                case "ws": return port == 80;
                case "https":
                case "wss": return port == 443;
                case "ftp": return port == 21;
                default: return false;
            }
        }

        private static bool IsScheme(string s, int end)
        {
            if (end == 0 || !IsAsciiLetter(s[0])) return false;
            for (var i = 1; i < end; i++)
            {
                var c = s[i];
                if (!(IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) return false;
            }
            return true;
        }

        /// <summary>32/40/64 hex digits (optionally 0x-prefixed) → lower-case hash.</summary>
        private static string? ClassifyHash(string s, out TipIndicatorType type)
        {
            type = TipIndicatorType.Md5;
            var start = s.Length > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? 2 : 0;
            var length = s.Length - start;
            if (length != 32 && length != 40 && length != 64) return null;
            for (var i = start; i < s.Length; i++)
            {
                if (!IsHex(s[i])) return null;
            }
            type = length == 32 ? TipIndicatorType.Md5 : length == 40 ? TipIndicatorType.Sha1 : TipIndicatorType.Sha256;
            return s.Substring(start).ToLowerInvariant();
        }

        /// <summary>The number of hex digits when the whole value (after an optional 0x) is hex with at least one letter; else 0.</summary>
        private static int HexRunLength(string s)
        {
            var start = s.Length > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? 2 : 0;
            var letter = start == 2;
            for (var i = start; i < s.Length; i++)
            {
                var c = s[i];
                if (!IsHex(c)) return 0;
                if (c > '9') letter = true;
            }
            return letter ? s.Length - start : 0;
        }

        // ---------------------------------------------------------------- hosts

        /// <summary>An IPv4 address (strict dotted decimal) or a host name (lower-case, punycode).</summary>
        private static bool NormalizeHost(string hostText, bool prose, bool allowSingleLabel, out string host, out string? unicode, out TipIndicatorType type, out string? error)
        {
            host = string.Empty;
            unicode = null;
            type = TipIndicatorType.Domain;
            if (IsDigitsAndDots(hostText))
            {
                type = TipIndicatorType.IPv4;
                return TryIPv4(hostText, out host, out error);
            }
            return TryDomain(hostText, prose, allowSingleLabel, out host, out unicode, out error);
        }

        /// <summary>Strict dotted decimal: four parts 0–255 without leading zeros (which some parsers read as octal).</summary>
        internal static bool TryIPv4(string s, out string value, out string? error)
        {
            value = string.Empty;
            error = null;
            var parts = 1;
            for (var i = 0; i < s.Length; i++) if (s[i] == '.') parts++;
            if (parts != 4)
            {
                error = parts == 1
                    ? "a bare number is neither an IP address (write a.b.c.d) nor a hash"
                    : "an IPv4 address has four numbers (a.b.c.d); this has " + parts.ToString(CultureInfo.InvariantCulture);
                return false;
            }
            var sb = new StringBuilder(15);
            var start = 0;
            for (var p = 0; p < 4; p++)
            {
                var end = s.IndexOf('.', start);
                if (end < 0) end = s.Length;
                var length = end - start;
                if (length == 0) { error = "an IPv4 address cannot have an empty part"; return false; }
                if (length > 1 && s[start] == '0')
                {
                    if (!IsDigitsAndDotsFourParts(s))
                    {
                        error = "an IPv4 address with a leading zero is ambiguous (octal or decimal)";
                        return false;
                    }
                    // Suggest only the readings that are addresses at all.
                    var asDecimal = Rewrite(s, false);
                    var asOctal = Rewrite(s, true);
                    var decimalOk = TryIPv4(asDecimal, out _, out _);
                    var octalOk = asOctal != asDecimal && TryIPv4(asOctal, out _, out _);
                    error = "an IPv4 address with a leading zero is ambiguous (octal or decimal)"
                        + (decimalOk && octalOk ? "; write it as " + asDecimal + " or " + asOctal
                            : decimalOk ? "; write it as " + asDecimal
                            : octalOk ? "; write it as " + asOctal : string.Empty);
                    return false;
                }
                if (length > 3 || int.Parse(s.Substring(start, length), NumberStyles.None, CultureInfo.InvariantCulture) > 255)
                {
                    error = s.Substring(start, Math.Min(length, 12)) + " is out of range for an IPv4 address (each part is 0–255)";
                    return false;
                }
                if (p > 0) sb.Append('.');
                sb.Append(s, start, length);
                start = end + 1;
            }
            value = sb.ToString();
            return true;
        }

        /// <summary>True when every part is 1–4 digits, so both readings of a zero-padded address can be shown.</summary>
        private static bool IsDigitsAndDotsFourParts(string s)
        {
            var parts = s.Split('.');
            if (parts.Length != 4) return false;
            foreach (var part in parts) if (part.Length == 0 || part.Length > 4) return false;
            return true;
        }

        /// <summary>The two readings of a zero-padded address: decimal with the zeros dropped, or octal.</summary>
        private static string Rewrite(string s, bool octal)
        {
            var parts = s.Split('.');
            var sb = new StringBuilder();
            for (var i = 0; i < parts.Length; i++)
            {
                if (i > 0) sb.Append('.');
                var part = parts[i];
                long n = 0;
                var isOctal = octal && part.Length > 1 && part[0] == '0';
                foreach (var c in part)
                {
                    var digit = c - '0';
                    if (isOctal && digit > 7) { isOctal = false; n = -1; break; }
                    n = n * (isOctal ? 8 : 10) + digit;
                    if (n > 1_000_000) break;
                }
                if (n < 0) n = long.Parse(part.TrimStart('0').Length == 0 ? "0" : part.TrimStart('0'), CultureInfo.InvariantCulture);
                sb.Append(n.ToString(CultureInfo.InvariantCulture));
            }
            return sb.ToString();
        }

        private static bool TryIPv6(string s, out string value)
        {
            value = string.Empty;
            if (s.Length < 2 || s.Length > 64 || s.IndexOf(':') < 0) return false;
            var percent = s.IndexOf('%');
            var address = percent < 0 ? s : s.Substring(0, percent); // the zone is local to one machine, not part of the indicator
            for (var i = 0; i < address.Length; i++)
            {
                var c = address[i];
                if (!(IsHex(c) || c == ':' || c == '.')) return false;
            }
            if (!IPAddress.TryParse(address, out var ip) || ip.AddressFamily != AddressFamily.InterNetworkV6) return false;
            if (ip.ScopeId != 0) ip.ScopeId = 0;
            value = ip.ToString().ToLowerInvariant();
            return true;
        }

        /// <summary>
        /// An IPv6 address, or the IPv4 address it maps (::ffff:a.b.c.d is how dual-stack sockets log IPv4 peers): the
        /// portal knows the IPv4 address, and one indicator must not be cached and paid twice under two spellings.
        /// </summary>
        private static TipIndicator V6Indicator(string v6, string original, string source, bool defanged)
        {
            if (IPAddress.TryParse(v6, out var ip) && ip.IsIPv4MappedToIPv6)
                return new TipIndicator(ip.MapToIPv4().ToString(), TipIndicatorType.IPv4, original, source, defanged);
            return new TipIndicator(v6, TipIndicatorType.IPv6, original, source, defanged);
        }

        private static readonly string[] PathStarts = { "./", "../", "~/", ".\\", "..\\", "\\\\" };

        /// <summary>A Unix or Windows file path (/etc/passwd, ../x, ~/x, C:\x, \\server\share), which is no indicator.</summary>
        private static bool LooksLikePath(string s)
        {
            foreach (var start in PathStarts)
            {
                if (s.StartsWith(start, StringComparison.Ordinal)) return true;
            }
            // "//host/path" is a scheme-relative URL; a single leading slash is a path.
            if (s.Length > 1 && s[0] == '/' && s[1] != '/') return true;
            return s.Length > 2 && char.IsLetter(s[0]) && s[1] == ':' && (s[2] == '/' || s[2] == '\\');
        }

        /// <summary>
        /// A host name: at least two labels of letters, digits, '-' or '_' (1–63 characters, no '-' at either end, 253
        /// in all) and a TLD of letters (or punycode). Internationalized names become punycode.
        /// </summary>
        private static bool TryDomain(string text, bool prose, bool allowSingleLabel, out string ascii, out string? unicode, out string? error)
        {
            ascii = string.Empty;
            unicode = null;
            error = null;
            if (text.EndsWith(".", StringComparison.Ordinal)) text = text.Substring(0, text.Length - 1);
            if (text.Length == 0) { error = "it has no host name"; return false; }

            var nonAscii = false;
            for (var i = 0; i < text.Length; i++) if (text[i] > 0x7F) { nonAscii = true; break; }
            if (nonAscii)
            {
                try
                {
                    text = Idn.GetAscii(text);
                }
                catch (ArgumentException)
                {
                    error = "it is not a valid internationalized host name";
                    return false;
                }
            }
            var name = text.ToLowerInvariant();
            // IDN mapping can turn "１２３" or "12\u200B3" into digits; a number is never a host name (and would re-parse as an IP).
            if (IsDigitsAndDots(name)) { error = "'" + Shorten(name) + "' is a number, not a host name"; return false; }
            if (name.Length > 253) { error = "a host name is at most 253 characters"; return false; }

            var labels = 0;
            var labelStart = 0;
            var hasPunycode = false;
            for (var i = 0; i <= name.Length; i++)
            {
                if (i < name.Length && name[i] != '.')
                {
                    var c = name[i];
                    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
                    {
                        error = "'" + (char.IsControl(c) || char.IsSurrogate(c) ? '?' : c) + "' cannot appear in a host name";
                        return false;
                    }
                    continue;
                }
                var length = i - labelStart;
                if (length == 0) { error = "a host name cannot have an empty label ('..')"; return false; }
                if (length > 63) { error = "a host name label is at most 63 characters"; return false; }
                if (name[labelStart] == '-' || name[i - 1] == '-') { error = "a host name label cannot start or end with '-'"; return false; }
                if (length > 4 && string.CompareOrdinal(name, labelStart, "xn--", 0, 4) == 0) hasPunycode = true;
                labels++;
                labelStart = i + 1;
            }

            var tldStart = name.LastIndexOf('.') + 1;
            var tld = name.Substring(tldStart);
            if (labels < 2 && !allowSingleLabel)
            {
                error = "a single-label name is not looked up; give a fully qualified domain name";
                return false;
            }
            if (labels >= 2 || !allowSingleLabel)
            {
                if (!IsTld(tld)) { error = "'" + Shorten(tld) + "' is not a top-level domain"; return false; }
                if (prose && !TopLevelDomains.IsKnown(tld)) { error = "'." + Shorten(tld) + "' is not a known top-level domain"; return false; }
            }

            if (hasPunycode)
            {
                try
                {
                    unicode = Idn.GetUnicode(name);
                    if (string.Equals(unicode, name, StringComparison.Ordinal)) unicode = null;
                }
                catch (ArgumentException)
                {
                    error = "it has an invalid punycode label (xn--)";
                    return false;
                }
            }
            ascii = name;
            return true;
        }

        /// <summary>Letters only, or punycode: numbers are never a TLD, which keeps "1.2.3" and "setup.v2" out.</summary>
        private static bool IsTld(string tld)
        {
            if (tld.Length < 2) return false;
            if (tld.StartsWith("xn--", StringComparison.Ordinal)) return tld.Length > 4 && tld[tld.Length - 1] != '-';
            for (var i = 0; i < tld.Length; i++) if (tld[i] < 'a' || tld[i] > 'z') return false;
            return true;
        }

        [ThreadStatic] private static IdnMapping? _idn;

        private static IdnMapping Idn => _idn ??= new IdnMapping { AllowUnassigned = false, UseStd3AsciiRules = false };

        // ---------------------------------------------------------------- prose

        /// <summary>Extract without the safety net; tests use it to prove the net never catches anything.</summary>
        internal static void ExtractUnchecked(string text, string source, List<TipIndicator> found)
        {
            var i = 0;
            while (i < text.Length)
            {
                while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
                if (i >= text.Length) break;
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
                var end = i;

                // Join "evil [.] com" / "evil [dot] com" / "user [at] evil.com": a following bracketed dot/at, or a word
                // that starts with one, belongs to this word.
                while (true)
                {
                    var next = SkipSpaces(text, end);
                    if (next >= text.Length) break;
                    var joined = BracketMarkerLength(text, next);
                    var endsWithMarker = EndsWithBracketMarker(text, start, end);
                    if (joined == 0 && !endsWithMarker) break;
                    if (next == end) break;
                    var wordEnd = next;
                    while (wordEnd < text.Length && !char.IsWhiteSpace(text[wordEnd])) wordEnd++;
                    end = wordEnd;
                }
                i = end;
                if (end - start > MaxLength) continue; // a megabyte without spaces is not an indicator
                ExtractFromWord(text.Substring(start, end - start), source, found);
            }
        }

        private static int SkipSpaces(string text, int i)
        {
            while (i < text.Length && (text[i] == ' ' || text[i] == '\t')) i++;
            return i;
        }

        /// <summary>Length of "[.]", "(dot)", "[at]"… at <paramref name="i"/>, or 0.</summary>
        private static int BracketMarkerLength(string text, int i)
        {
            if (i >= text.Length) return 0;
            var open = text[i];
            if (open != '[' && open != '(' && open != '{') return 0;
            var j = i + 1;
            while (j < text.Length && text[j] == ' ') j++;
            if (j < text.Length && (text[j] == '.' || text[j] == '@')) j++;
            else if (j + 1 < text.Length && ((char.ToLowerInvariant(text[j]) == 'a' && char.ToLowerInvariant(text[j + 1]) == 't')))
                j += 2;
            else if (j + 2 < text.Length && char.ToLowerInvariant(text[j]) == 'd' && char.ToLowerInvariant(text[j + 1]) == 'o' && char.ToLowerInvariant(text[j + 2]) == 't')
                j += 3;
            else return 0;
            while (j < text.Length && text[j] == ' ') j++;
            if (j < text.Length && (text[j] == ']' || text[j] == ')' || text[j] == '}'))
            {
                // Only a marker between words: something must follow it.
                return j + 1 < text.Length && !char.IsWhiteSpace(text[j + 1]) || SkipSpaces(text, j + 1) < text.Length ? j + 1 - i : 0;
            }
            return 0;
        }

        private static bool EndsWithBracketMarker(string text, int start, int end)
        {
            if (end - start < 3) return false;
            var close = text[end - 1];
            if (close != ']' && close != ')' && close != '}') return false;
            var open = Math.Max(text.LastIndexOf('[', end - 1, end - start), Math.Max(text.LastIndexOf('(', end - 1, end - start), text.LastIndexOf('{', end - 1, end - start)));
            if (open < start || open == start) return false;
            return BracketMarkerLength(text, open) == end - open;
        }

        private static void ExtractFromWord(string raw, string source, List<TipIndicator> found)
        {
            var word = Refanger.Refang(raw, out var defanged);
            var before = found.Count;
            ExtractFromRefanged(word, 0, word.Length, source, defanged, found);
            // A defanged word that held exactly one indicator keeps the defanged spelling as its Original.
            if (defanged && found.Count == before + 1)
            {
                var only = found[before];
                found[before] = new TipIndicator(only.Value, only.Kind, TrimProsePunctuation(raw), only.Source, true, only.UnicodeValue);
            }
        }

        private static void ExtractFromRefanged(string word, int start, int end, string source, bool defanged, List<TipIndicator> found)
        {
            while (start < end)
            {
                var sep = word.IndexOf("://", start, end - start, StringComparison.Ordinal);
                if (sep < 0)
                {
                    ExtractPieces(word, start, end, source, defanged, found);
                    return;
                }
                var schemeStart = sep;
                while (schemeStart > start && IsSchemeChar(word[schemeStart - 1])) schemeStart--;
                while (schemeStart < sep && !IsAsciiLetter(word[schemeStart])) schemeStart++;
                if (schemeStart == sep)
                {
                    // "://" without a scheme: skip past it.
                    ExtractPieces(word, start, sep, source, defanged, found);
                    start = sep + 3;
                    continue;
                }
                ExtractPieces(word, start, schemeStart, source, defanged, found);
                var urlEnd = word.IndexOfAny(UrlEnd, sep + 3);
                if (urlEnd < 0 || urlEnd > end) urlEnd = end;
                var bad = FirstBadChar(word, sep + 3, urlEnd);
                if (bad >= 0) urlEnd = bad;
                var url = TrimUrlEnd(word.Substring(schemeStart, urlEnd - schemeStart));
                var indicator = Classify(url, url, source, defanged, prose: true, out _);
                if (indicator != null) found.Add(indicator);
                start = urlEnd;
            }
        }

        private static void ExtractPieces(string word, int start, int end, string source, bool defanged, List<TipIndicator> found)
        {
            var i = start;
            while (i < end)
            {
                var next = word.IndexOfAny(ProseDelimiters, i, end - i);
                if (next < 0) next = end;
                if (next > i) ExtractPiece(word.Substring(i, next - i), source, defanged, found);
                i = next + 1;
            }
        }

        private static void ExtractPiece(string piece, string source, bool defanged, List<TipIndicator> found)
        {
            // "[2001:db8::1]:443" keeps its bracket: stripping it as punctuation would leave no parsable address.
            if (piece.Length > 3 && piece[0] == '[' && piece.IndexOf(']') > 1)
            {
                var end = piece.Length;
                while (end > 0 && IsSentencePunctuation(piece[end - 1])) end--;
                var bracketed = Classify(piece.Substring(0, end), piece.Substring(0, end), source, defanged, prose: true, out _);
                if (bracketed != null)
                {
                    found.Add(bracketed);
                    return;
                }
            }
            piece = TrimProsePunctuation(piece);
            if (piece.Length < 3) return;
            var indicator = Classify(piece, piece, source, defanged, prose: true, out _);
            if (indicator != null)
            {
                found.Add(indicator);
                return;
            }
            // "ip=1.2.3.4", "md5:d41d…", "C:\…": try the parts of a key/value word.
            if (piece.IndexOfAny(KeyValueSeparators) < 0) return;
            var parts = piece.Split(KeyValueSeparators);
            if (parts.Length < 2) return;
            foreach (var part in parts)
            {
                var trimmed = TrimProsePunctuation(part);
                if (trimmed.Length < 3) continue;
                var inner = Classify(trimmed, trimmed, source, defanged, prose: true, out _);
                if (inner != null) found.Add(inner);
            }
        }

        private static string TrimProsePunctuation(string s)
        {
            int start = 0, end = s.Length;
            while (start < end && IsLeadingPunctuation(s[start])) start++;
            while (end > start && IsTrailingPunctuation(s[end - 1])) end--;
            return start == 0 && end == s.Length ? s : s.Substring(start, end - start);
        }

        private static bool IsSentencePunctuation(char c) => c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?';

        private static bool IsLeadingPunctuation(char c) => c == '[' || c == '(' || c == '{' || c == '<' || c == '"' || c == '\'' || c == '*' || c == '`' || c == '\u201C' || c == '\u2018' || c == '«';

        private static bool IsTrailingPunctuation(char c) => c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ']' || c == ')' || c == '}' || c == '>' || c == '"' || c == '\'' || c == '*' || c == '`' || c == '\u201D' || c == '\u2019' || c == '»' || c == '…';

        /// <summary>Sentence punctuation after a URL goes; a closing bracket stays when the URL opened it (wiki-style paths).</summary>
        private static string TrimUrlEnd(string url)
        {
            var end = url.Length;
            while (end > 0)
            {
                var c = url[end - 1];
                if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '*' || c == '…') { end--; continue; }
                if (c == ')' || c == ']' || c == '}')
                {
                    var open = c == ')' ? '(' : c == ']' ? '[' : '{';
                    int opens = 0, closes = 0;
                    for (var k = 0; k < end; k++) { if (url[k] == open) opens++; else if (url[k] == c) closes++; }
                    if (closes > opens) { end--; continue; }
                }
                break;
            }
            return end == url.Length ? url : url.Substring(0, end);
        }

        // ---------------------------------------------------------------- small helpers

        /// <summary>Index of the first whitespace, control character or lone surrogate in [start, end), or -1.</summary>
        private static int FirstBadChar(string s, int start, int end)
        {
            for (var i = start; i < end; i++)
            {
                var c = s[i];
                if (char.IsWhiteSpace(c) || char.IsControl(c)) return i;
                if (char.IsHighSurrogate(c))
                {
                    if (i + 1 < end && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
                    return i;
                }
                if (char.IsLowSurrogate(c)) return i;
            }
            return -1;
        }

        private static bool IsPort(string s, int start, out int port)
        {
            port = 0;
            var length = s.Length - start;
            if (length < 1 || length > 5) return false;
            for (var i = start; i < s.Length; i++)
            {
                var c = s[i];
                if (c < '0' || c > '9') return false;
                port = port * 10 + (c - '0');
            }
            return port >= 1 && port <= 65535;
        }

        private static bool IsDigitsAndDots(string s)
        {
            if (s.Length == 0) return false;
            for (var i = 0; i < s.Length; i++)
            {
                var c = s[i];
                if (!((c >= '0' && c <= '9') || c == '.')) return false;
            }
            return true;
        }

        private static bool IsAllDigits(string s, int start)
        {
            if (start >= s.Length) return false;
            for (var i = start; i < s.Length; i++) if (s[i] < '0' || s[i] > '9') return false;
            return true;
        }

        private static int CountOf(string s, char c)
        {
            var n = 0;
            for (var i = 0; i < s.Length; i++) if (s[i] == c) n++;
            return n;
        }

        private static bool IsHex(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

        private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

        private static bool IsSchemeChar(char c) => IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    }
}
