using KumaTip.Core.Api;
using KumaTip.Postgres.Testing;

namespace KumaTip.Core.Tests.Postgres;

/// <summary>
/// The team's licence snapshot (kumatip.licenses): every member budgets from it, so the day's count it keeps must never
/// be lower than one an answer showed. Writers stamp a group before they wait for the tenant's lock, so two hosts' commits
/// can land in the other order than their times.
/// </summary>
[Collection(PostgresClusterFixture.Collection)]
public sealed class TeamStoreLicenseTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private readonly PostgresClusterFixture _fixture;

    public TeamStoreLicenseTests(PostgresClusterFixture fixture) => _fixture = fixture;

    [PostgresFact]
    public void A_higher_count_committed_after_a_later_stamped_one_is_kept()
    {
        using var store = TeamStoreDatabase.Create(_fixture).OpenAdmin();
        store.Licenses.Save("Main", new TipLicenseInfo { DayQuota = 40, DayRequests = 35, AccessType = "Commercial" }, Noon);
        store.Licenses.Save("Main", new TipLicenseInfo { DayQuota = 40, DayRequests = 38, AccessType = "Commercial" }, Noon.AddMilliseconds(-5));

        var last = store.Licenses.GetLast("Main")!;
        Assert.Equal(38, last.Info.DayRequests);
        Assert.Equal(40, last.Info.DayQuota);
        Assert.Equal(Noon, last.SeenAt);
    }

    [PostgresFact]
    public void An_older_answer_never_lowers_the_count_nor_replaces_a_newer_one()
    {
        using var store = TeamStoreDatabase.Create(_fixture).OpenAdmin();
        store.Licenses.Save("Main", new TipLicenseInfo { DayQuota = 500, DayRequests = 20, AccessType = "Commercial" }, Noon);
        store.Licenses.Save("Main", new TipLicenseInfo { DayQuota = 500, DayRequests = 10, AccessType = "Trial" }, Noon.AddMinutes(-1));
        store.Licenses.Save("Main", new TipLicenseInfo { DayQuota = 500, DayRequests = 499, AccessType = "Trial" }, Noon.AddDays(-1));

        var last = store.Licenses.GetLast("Main")!;
        Assert.Equal(20, last.Info.DayRequests);
        Assert.Equal("Commercial", last.Info.AccessType);
        Assert.Equal(Noon, last.SeenAt);
    }

    [PostgresFact]
    public void A_newer_answer_replaces_the_snapshot_and_a_new_day_starts_its_own_count()
    {
        using var store = TeamStoreDatabase.Create(_fixture).OpenAdmin();
        store.Licenses.Save("Main", new TipLicenseInfo { DayQuota = 500, DayRequests = 499, AccessType = "Commercial" }, Noon);
        store.Licenses.Save("Main", new TipLicenseInfo { DayQuota = 500, DayRequests = 3, AccessType = "Trial" }, Noon.AddDays(1));

        var last = store.Licenses.GetLast("Main")!;
        Assert.Equal(3, last.Info.DayRequests);
        Assert.Equal("Trial", last.Info.AccessType);
        Assert.Equal(Noon.AddDays(1), last.SeenAt);
    }
}
