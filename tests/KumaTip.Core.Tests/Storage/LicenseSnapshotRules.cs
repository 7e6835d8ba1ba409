using KumaTip.Core.Api;
using KumaTip.Core.Stores;

namespace KumaTip.Core.Tests.Storage;

/// <summary>
/// What every licence store keeps (the LiteDB file's and the team store's): every process budgets from it, so the day's
/// count must never be lower than one an answer showed. Writers stamp a group before they wait for the store, so two
/// processes' commits can land in the other order than their times.
/// </summary>
internal static class LicenseSnapshotRules
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    public static void HigherCountCommittedLateIsKept(ILicenseStore store)
    {
        store.Save("Main", new TipLicenseInfo { DayQuota = 40, DayRequests = 35, AccessType = "Commercial" }, Noon);
        store.Save("Main", new TipLicenseInfo { DayQuota = 40, DayRequests = 38, AccessType = "Commercial" }, Noon.AddMilliseconds(-5));

        var last = store.GetLast("Main")!;
        Assert.Equal(38, last.Info.DayRequests);
        Assert.Equal(40, last.Info.DayQuota);
        Assert.Equal(Noon, last.SeenAt);
    }

    public static void OlderAnswerNeverLowersNorReplaces(ILicenseStore store)
    {
        store.Save("Main", new TipLicenseInfo { DayQuota = 500, DayRequests = 20, AccessType = "Commercial" }, Noon);
        store.Save("Main", new TipLicenseInfo { DayQuota = 500, DayRequests = 10, AccessType = "Trial" }, Noon.AddMinutes(-1));
        store.Save("Main", new TipLicenseInfo { DayQuota = 500, DayRequests = 499, AccessType = "Trial" }, Noon.AddDays(-1));

        var last = store.GetLast("Main")!;
        Assert.Equal(20, last.Info.DayRequests);
        Assert.Equal("Commercial", last.Info.AccessType);
        Assert.Equal(Noon, last.SeenAt);
    }

    public static void NewerAnswerReplacesAndNewDayStartsOver(ILicenseStore store)
    {
        store.Save("Main", new TipLicenseInfo { DayQuota = 500, DayRequests = 499, AccessType = "Commercial" }, Noon);
        store.Save("Main", new TipLicenseInfo { DayQuota = 500, DayRequests = 3, AccessType = "Trial" }, Noon.AddDays(1));

        var last = store.GetLast("Main")!;
        Assert.Equal(3, last.Info.DayRequests);
        Assert.Equal("Trial", last.Info.AccessType);
        Assert.Equal(Noon.AddDays(1), last.SeenAt);
    }
}
