namespace KumaTip.Simulator.Lookups;

/// <summary>
/// A value accepted by an endpoint. <see cref="Key"/> is the normalized form used to find fixtures and to
/// seed generated answers (so equivalent spellings give the same answer); <see cref="Host"/> is the domain
/// whose labels may carry a fault prefix (domains and URL hosts only).
/// </summary>
internal sealed record LookupValue(LookupType Type, string Key, string? Host, bool IsReservedIp);
