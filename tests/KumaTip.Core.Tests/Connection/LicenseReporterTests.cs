using KumaTip.Core.Api;
using KumaTip.Core.Indicators;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Tests.Connection;

public sealed class LicenseReporterTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));
    private readonly TipWorkspace _workspace;

    public LicenseReporterTests() => _workspace = new TipWorkspace(_temp.Path, _time);

    public void Dispose()
    {
        _workspace.Dispose();
        _temp.Dispose();
    }

    private void Spend(string tenant, int count)
    {
        for (var i = 0; i < count; i++)
        {
            _time.Now = _time.Now.AddSeconds(1);
            _workspace.Ledger.Record(tenant, IndicatorParser.Parse($"host{i}.example.com").Indicator!, 200);
        }
    }

    [Fact]
    public void An_answer_that_arrives_late_with_a_lower_count_does_not_lower_the_days_count()
    {
        // Parallel requests: the portal counted this one early, its answer came last. The quota budget reads this.
        _workspace.Licenses.Save("Main", new TipLicenseInfo { DayQuota = 40, DayRequests = 40 }, _time.Now);
        _workspace.Licenses.Save("Main", new TipLicenseInfo { DayQuota = 40, DayRequests = 33 }, _time.Now.AddSeconds(1));

        var license = _workspace.LicenseReporter.Get("Main");

        Assert.Equal(40, license.DayRequests);
        Assert.Equal(0, license.Remaining);
    }

    [Fact]
    public void Before_any_answer_only_the_ledger_is_known()
    {
        Spend("Main", 2);

        var license = _workspace.LicenseReporter.Get("Main");

        Assert.Null(license.DayQuota);
        Assert.Null(license.Remaining);
        Assert.Equal(2, license.RequestsToday);
        Assert.Equal(2, license.RequestsTotal);
    }

    [Fact]
    public void Remaining_counts_requests_spent_after_the_portal_last_answered()
    {
        var seen = _time.Now;
        _workspace.Licenses.Save("Main", new TipLicenseInfo { AccessType = "Commercial", DayRequests = 100, DayQuota = 500 }, seen);
        Spend("Main", 3);
        Spend("CustomerA", 7);

        var license = _workspace.LicenseReporter.Get("Main");

        Assert.Equal("Commercial", license.AccessType);
        Assert.Equal(100, license.DayRequests);
        Assert.Equal(397, license.Remaining);
        Assert.Equal(3, license.RequestsToday);
        Assert.Equal(seen, license.LicenseSeenAt);
    }

    [Fact]
    public void An_answer_from_yesterday_leaves_only_todays_own_count()
    {
        _workspace.Licenses.Save("Main", new TipLicenseInfo { DayRequests = 499, DayQuota = 500 }, _time.Now);
        _time.Now = _time.Now.AddDays(1);
        Spend("Main", 5);

        Assert.Equal(495, _workspace.LicenseReporter.Get("Main").Remaining);
    }

    [Fact]
    public void An_older_license_never_replaces_a_newer_one()
    {
        _workspace.Licenses.Save("Main", new TipLicenseInfo { DayRequests = 20, DayQuota = 500 }, _time.Now);
        _workspace.Licenses.Save("Main", new TipLicenseInfo { DayRequests = 10, DayQuota = 500 }, _time.Now.AddMinutes(-1));

        Assert.Equal(20, _workspace.Licenses.GetLast("Main")!.Info.DayRequests);
        Assert.Null(_workspace.Licenses.GetLast("CustomerA"));
    }
}
