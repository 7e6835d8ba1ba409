namespace KumaTip.Simulator.Data;

/// <summary>The account's LicenseInfo figures at the time of one answer.</summary>
internal readonly record struct LicenseSnapshot(int DayRequests, int DayQuota);
