namespace KumaTip.Simulator.Data;

/// <summary>
/// The account's LicenseInfo figures at the time of one answer. <see cref="TokenExpirationDate"/> is the expiry of the
/// account's API token, whichever way the request signed in (tip-api.md §3.1: null only when the user never requested one).
/// </summary>
internal readonly record struct LicenseSnapshot(int DayRequests, int DayQuota, DateTimeOffset? TokenExpirationDate = null);
