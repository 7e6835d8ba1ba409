using System.Security.Cryptography;
using System.Text;

namespace KumaTip.Simulator.Data;

/// <summary>
/// SplitMix64: a tiny, fast generator whose output depends only on its seed — the same on every machine and
/// .NET version, unlike <see cref="Random"/>'s unspecified algorithm. Generated answers rest on it.
/// </summary>
internal struct DeterministicRandom
{
    private ulong _state;

    public DeterministicRandom(ulong seed) => _state = seed;

    /// <summary>A seed from text (a stable hash; <see cref="string.GetHashCode()"/> is randomized per process).</summary>
    public static ulong SeedOf(string text)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return BitConverter.ToUInt64(hash);
    }

    /// <summary>A derived generator for one part of an answer (a section, a record) that does not disturb this one.</summary>
    public static DeterministicRandom For(ulong seed, string part, int index = 0)
    {
        var s = seed ^ Mix((ulong)StableHash(part) * 0x9E3779B97F4A7C15UL + (ulong)index);
        return new DeterministicRandom(Mix(s));
    }

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>An integer in [min, max).</summary>
    public int Next(int min, int max) => max <= min ? min : min + (int)(NextUInt64() % (ulong)(max - min));

    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(0, items.Count)];

    public string Hex(int length)
    {
        const string digits = "0123456789abcdef";
        var chars = new char[length];
        for (var i = 0; i < length; i++) chars[i] = digits[(int)(NextUInt64() & 0xF)];
        return new string(chars);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static uint StableHash(string text)
    {
        // FNV-1a: stable across processes, enough to separate section names.
        var h = 2166136261u;
        foreach (var c in text) h = (h ^ c) * 16777619u;
        return h;
    }
}
