using System.Security.Cryptography;
using System.Text;

namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>
/// Deterministic, unique indicators of every type (domain, IPv4, URL, MD5, SHA256 in turn), each with a second
/// spelling of the same indicator (case, defanging) as real IOC lists have. <c>block</c> keeps scenarios apart.
/// </summary>
public static class IndicatorGenerator
{
    public static string Canonical(int i, int block) => (i % 5) switch
    {
        0 => $"n{i}-b{block}.kumatip-bench.com",
        1 => $"{30 + block}.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}",
        2 => $"http://w{i}-b{block}.kumatip-bench.net/p/{i}.html",
        3 => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes($"{block}-{i}"))),
        _ => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{block}-{i}"))),
    };

    /// <summary>The same indicator as <see cref="Canonical"/>, spelled the way another tool or analyst would.</summary>
    public static string OtherSpelling(int i, int block) => (i % 5) switch
    {
        0 => i % 2 == 0 ? Canonical(i, block).ToUpperInvariant() : Canonical(i, block).Replace(".", "[.]"),
        1 => Canonical(i, block).Replace(".", "[.]"),
        2 => "hxxp://" + Canonical(i, block)["http://".Length..].Replace(".kumatip-bench", "[.]kumatip-bench"),
        _ => Canonical(i, block).ToUpperInvariant(),
    };

    /// <summary>The Threat Lookup endpoint a plain loop would call for indicator <paramref name="i"/>.</summary>
    public static string Endpoint(int i) => (i % 5) switch
    {
        0 => "domain",
        1 => "ip",
        2 => "url",
        _ => "hash",
    };

    public static string[] CanonicalRange(int count, int block)
    {
        var values = new string[count];
        for (var i = 0; i < count; i++) values[i] = Canonical(i, block);
        return values;
    }
}
