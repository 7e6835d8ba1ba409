using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace KumaTip.Simulator.Lookups;

/// <summary>
/// The simulator's own check of what each endpoint accepts (it deliberately shares no code with the client).
/// </summary>
internal static class LookupValueParser
{
    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    /// <summary>Returns the parsed value, or null with a short reason for a 400.</summary>
    public static LookupValue? Parse(LookupType type, string value, out string? error)
    {
        error = null;
        value = value.Trim();
        switch (type)
        {
            case LookupType.Hash:
                if (value.Length is 32 or 40 or 64 && value.All(Uri.IsHexDigit))
                {
                    return new LookupValue(type, value.ToLowerInvariant(), null, false);
                }

                error = "A hash must be an MD5, SHA-1 or SHA-256 in hexadecimal (32, 40 or 64 characters).";
                return null;

            case LookupType.Ip:
                if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                {
                    // tip-api.md §2.1: an IP with a scheme is handled as a URL.
                    return Parse(LookupType.Url, value, out error);
                }

                if (TryParseIp(value, out var address))
                {
                    return new LookupValue(type, address.ToString(), null, ReservedAddresses.IsReserved(address));
                }

                error = "Not an IP address.";
                return null;

            case LookupType.Domain:
                var domain = NormalizeDomain(value);
                if (domain is not null) return new LookupValue(type, domain, domain, false);
                error = "Not a domain name.";
                return null;

            default:
                return ParseUrl(value, out error);
        }
    }

    private static LookupValue? ParseUrl(string value, out string? error)
    {
        error = null;
        var rest = value;
        var schemeEnd = rest.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd > 0 && rest[..schemeEnd].All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
        {
            rest = rest[(schemeEnd + 3)..];
        }

        var hashAt = rest.IndexOf('#');
        if (hashAt >= 0) rest = rest[..hashAt];

        var hostEnd = rest.IndexOfAny(['/', '?']);
        var authority = hostEnd < 0 ? rest : rest[..hostEnd];
        var pathAndQuery = hostEnd < 0 ? "" : rest[hostEnd..];
        var at = authority.LastIndexOf('@');
        if (at >= 0) authority = authority[(at + 1)..];

        string? host;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            host = close > 0 && IPAddress.TryParse(authority[1..close], out var v6) ? "[" + v6 + "]" : null;
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            var name = colon >= 0 ? authority[..colon] : authority;
            host = TryParseIp(name, out var ip) ? ip.ToString() : NormalizeDomain(name);
        }

        if (host is null)
        {
            error = "Not a web address: the host is neither a domain name nor an IP address.";
            return null;
        }

        if (host.StartsWith("www.", StringComparison.Ordinal)) host = host[4..];
        if (pathAndQuery == "/") pathAndQuery = "";
        var key = host + pathAndQuery.ToLowerInvariant();
        var faultHost = char.IsAsciiDigit(host[^1]) || host.StartsWith('[') ? null : host;
        return new LookupValue(LookupType.Url, key, faultHost, false);
    }

    /// <summary>Strict IPv4 (four dotted decimals) or IPv6 — not the odd short forms IPAddress.TryParse allows.</summary>
    private static bool TryParseIp(string value, out IPAddress address)
    {
        address = IPAddress.None;
        if (!IPAddress.TryParse(value, out var parsed)) return false;
        if (parsed.AddressFamily == AddressFamily.InterNetwork)
        {
            var parts = value.Split('.');
            if (parts.Length != 4 || parts.Any(p => p.Length is 0 or > 3 || !p.All(char.IsAsciiDigit))) return false;
        }
        else if (parsed.AddressFamily != AddressFamily.InterNetworkV6 || value.Contains('%'))
        {
            return false;
        }

        address = parsed;
        return true;
    }

    private static string? NormalizeDomain(string value)
    {
        var name = value.TrimEnd('.');
        if (name.Length is 0 or > 253 || !name.Contains('.')) return null;
        try
        {
            name = Idn.GetAscii(name).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return null;
        }

        var labels = name.Split('.');
        if (labels.Any(l => l.Length is 0 or > 63)) return null;
        var tld = labels[^1];
        if (tld.All(char.IsAsciiDigit)) return null; // an IP-looking value is not a domain
        return name;
    }
}
