using KumaTip.Core.Indicators;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Tests.Storage;

public sealed class LedgerStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 3, 10, 23, 30, 0, TimeSpan.Zero));
    private readonly TipWorkspace _workspace;

    public LedgerStoreTests() => _workspace = new TipWorkspace(_temp.Path, _time);

    public void Dispose()
    {
        _workspace.Dispose();
        _temp.Dispose();
    }

    private static TipIndicator Domain(string value) => IndicatorParser.Parse(value).Indicator!;

    [Fact]
    public void Requests_are_counted_per_tenant_today_and_in_total()
    {
        _workspace.Ledger.Record("Main", Domain("a.com"), 200);
        _workspace.Ledger.Record("Main", Domain("b.com"), 404);
        _workspace.Ledger.Record("CustomerA", Domain("c.com"), 200);
        _time.Now = _time.Now.AddHours(1); // next UTC day
        _workspace.Ledger.Record("main", Domain("d.com"), 200);

        Assert.Equal(1, _workspace.Ledger.CountToday("Main"));
        Assert.Equal(3, _workspace.Ledger.CountTotal("Main"));
        Assert.Equal(0, _workspace.Ledger.CountToday("CustomerA"));
        Assert.Equal(1, _workspace.Ledger.CountTotal("CustomerA"));
    }

    [Fact]
    public void A_row_keeps_tenant_time_indicator_and_status()
    {
        _workspace.Ledger.Record("Main", Domain("evil.com"), 404);

        var row = Assert.Single(_workspace.Ledger.List("Main"));
        Assert.Equal("Main", row.Tenant);
        Assert.Equal("Domain", row.IndicatorType);
        Assert.Equal("evil.com", row.Indicator);
        Assert.Equal(404, row.StatusCode);
        Assert.Equal(_time.Now, new DateTimeOffset(row.Time.ToUniversalTime(), TimeSpan.Zero));
    }
}
