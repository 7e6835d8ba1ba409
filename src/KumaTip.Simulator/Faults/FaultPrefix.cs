namespace KumaTip.Simulator.Faults;

/// <summary>Reserved label prefixes in a domain or URL host that make the simulator misbehave on purpose.</summary>
internal enum FaultPrefix
{
    None,
    Slow,
    RateLimitedOnce,
    RateLimitedAlways,
    UnavailableOnce,
    UnavailableAlways,
    Malformed,
    DropOnce,
    DropAlways,
    NotFound,
}
