namespace KumaTip.Simulator.Faults;

/// <summary>Finds the fault prefix in any label of a host (<c>sim-429-a.example.com</c>, <c>x.sim-slow-b.example</c>).</summary>
internal static class FaultPrefixes
{
    // Longest first so "sim-429always-" is not read as "sim-429-" (it is not anyway, but order keeps it obvious).
    private static readonly (string Prefix, FaultPrefix Fault)[] Known =
    [
        ("sim-429always-", FaultPrefix.RateLimitedAlways),
        ("sim-503always-", FaultPrefix.UnavailableAlways),
        ("sim-dropalways-", FaultPrefix.DropAlways),
        ("sim-malformed-", FaultPrefix.Malformed),
        ("sim-slow-", FaultPrefix.Slow),
        ("sim-429-", FaultPrefix.RateLimitedOnce),
        ("sim-503-", FaultPrefix.UnavailableOnce),
        ("sim-drop-", FaultPrefix.DropOnce),
        ("sim-404-", FaultPrefix.NotFound),
    ];

    public static IReadOnlyList<string> All => Known.Select(k => k.Prefix).ToArray();

    public static FaultPrefix Find(string? host)
    {
        if (host is null || !host.Contains("sim-", StringComparison.Ordinal)) return FaultPrefix.None;
        foreach (var label in host.Split('.'))
        {
            foreach (var (prefix, fault) in Known)
            {
                if (label.StartsWith(prefix, StringComparison.Ordinal)) return fault;
            }
        }

        return FaultPrefix.None;
    }
}
