using KumaTip.Core.Api;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Tests.Lookups;

/// <summary>
/// Issue 14 point 2 and 3: the quota is a budget that is never overrun (a run sends exactly what the quota leaves and
/// the portal refuses none), the first request of the day goes alone, and -MaxRequests caps one run.
/// </summary>
public sealed class QuotaBudgetTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly TipDatabase _database;
    private readonly FakeTipClient _client = new();
    private readonly MemoryLedger _ledger = new();
    private readonly LookupService _service;

    public QuotaBudgetTests()
    {
        _database = new TipDatabase(_temp.Path);
        _service = new LookupService(_database, _ => _client, new Uri("https://tip.example/"), _ledger, new ManualTime());
    }

    public void Dispose()
    {
        _database.Dispose();
        _temp.Dispose();
    }

    private async Task<(List<LookupOutput> Outputs, LookupSession Session)> Run(LookupOptions options, IEnumerable<string> values)
    {
        var outputs = new List<LookupOutput>();
        var session = await _service.RunAsync(values.Select(v => new LookupRequest(v, v)), options, outputs.Add).WaitAsync(TimeSpan.FromMinutes(1));
        return (outputs, session);
    }

    private static IEnumerable<string> Values(string prefix, int count) => Enumerable.Range(0, count).Select(i => prefix + i + ".com");

    [Fact]
    public async Task With_37_requests_left_a_wide_throttle_sends_exactly_37_and_none_is_refused()
    {
        _client.DayQuota = 100;
        _client.UsedBefore = 63;
        _ledger.License = new TipLicenseInfo { DayQuota = 100, DayRequests = 63, AccessType = "Commercial" };

        var (outputs, session) = await Run(new LookupOptions { ThrottleLimit = 16 }, Values("b", 500));

        Assert.Equal(37, _client.Requests.Count);
        Assert.Equal(0, _client.Refused);
        Assert.Equal(LookupStopReason.QuotaSpent, session.StopReason);
        Assert.Equal(500, outputs.Count);
        Assert.Equal((500, 37, 463), (session.Task!.Total, session.Task.Done, session.Task.Pending));
    }

    [Fact]
    public async Task When_the_quota_is_not_known_the_first_request_goes_alone_and_its_answer_opens_the_throttle()
    {
        _client.DayQuota = 10;
        _client.UsedBefore = 2; // the ledger has not seen today's quota: a new secret, the first request of the day

        var (_, session) = await Run(new LookupOptions { ThrottleLimit = 16 }, Values("u", 50));

        Assert.Equal(8, _client.Requests.Count);
        Assert.Equal(0, _client.Refused);
        Assert.Equal(LookupStopReason.QuotaSpent, session.StopReason);
        Assert.Equal(42, session.Task!.Pending);
    }

    [Fact]
    public async Task Until_the_first_answer_nothing_else_is_on_the_wire()
    {
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gateOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _client.Gate = _ => { first.TrySetResult(); return gateOpen.Task; };
        var running = Run(new LookupOptions { ThrottleLimit = 8 }, Values("g", 20));
        await first.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await Task.Delay(200); // time for others to start, were they allowed to

        Assert.Equal(1, _client.MaxInFlight);
        gateOpen.TrySetResult();
        await running;
        Assert.Equal(20, _client.Requests.Count);
        Assert.True(_client.MaxInFlight > 1, "the throttle opened once the quota was seen");
    }

    [Fact]
    public async Task MaxRequests_caps_one_run_leaves_the_rest_pending_and_says_how_to_continue()
    {
        var (outputs, session) = await Run(new LookupOptions { ThrottleLimit = 4, MaxRequests = 5 }, Values("c", 20));

        Assert.Equal(5, _client.Requests.Count);
        Assert.Equal(LookupStopReason.CapReached, session.StopReason);
        Assert.Equal(15, outputs.Count(o => o.Outcome == LookupOutcome.NotRequested));
        var task = session.Task!;
        Assert.Equal((20, 5, 15), (task.Total, task.Done, task.Pending));
        Assert.Contains("15 indicator(s)", session.StopMessage);
        Assert.Contains("Restart-TipTask -Id " + task.Id, session.StopMessage);

        var second = await _service.RestartAsync(task.Id, 4, null, maxRequests: 10).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(15, _client.Requests.Count);
        Assert.Equal(5, second.Task!.Pending);
        var third = await _service.RestartAsync(task.Id, 4, null).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(TipTaskStatus.Completed, third.Task!.State);
        Assert.Equal(20, _client.Requests.Count);
    }

    [Fact]
    public void A_portal_count_that_already_includes_requests_on_the_wire_is_not_added_to_them_for_good()
    {
        // The simulator (and the portal) count a request when it arrives: the first answer of 16 parallel requests can
        // already say 22. Counted twice while in flight is safe; counted twice for ever would stop the run early.
        var budget = new QuotaBudget(40, 6, null);
        for (var i = 0; i < 16; i++) Assert.Equal(QuotaDecision.Go, budget.TryReserve());

        budget.Settle(answered: true, new TipLicenseInfo { DayQuota = 40, DayRequests = 22 });
        Assert.Equal(22, budget.Used);
        for (var i = 0; i < 15; i++) budget.Settle(answered: true, new TipLicenseInfo { DayQuota = 40, DayRequests = 22 });

        Assert.Equal(22, budget.Used);
        var more = 0;
        while (budget.TryReserve() == QuotaDecision.Go) more++;
        Assert.Equal(18, more);
        Assert.Equal(QuotaDecision.Wait, budget.TryReserve());
    }

    [Fact]
    public void A_new_run_sends_nothing_on_a_spent_quota_but_a_restart_probes_once_for_a_reset()
    {
        Assert.Equal(QuotaDecision.QuotaSpent, new QuotaBudget(3, 3, null).TryReserve());

        var restart = new QuotaBudget(3, 3, null, probeWhenSpent: true);
        Assert.Equal(QuotaDecision.Go, restart.TryReserve());
        Assert.Equal(QuotaDecision.Wait, restart.TryReserve());
        restart.Settle(answered: true, new TipLicenseInfo { DayQuota = 3, DayRequests = 1 }); // the portal's day began anew
        Assert.Equal(QuotaDecision.Go, restart.TryReserve());
        Assert.Equal(QuotaDecision.Go, restart.TryReserve());
        Assert.Equal(QuotaDecision.Wait, restart.TryReserve());
    }

    [Fact]
    public void The_forecast_compares_what_it_would_request_with_the_cap_and_the_quota_left()
    {
        var forecast = new LookupForecast { Unique = 50, ToRequest = 40, QuotaLeft = 30, MaxRequests = 25 };

        Assert.Equal(25, forecast.WouldRequest);
        Assert.Equal(15, forecast.WouldStayPending);
        Assert.Contains("-MaxRequests 25: 25 would be requested and 15 would stay pending", forecast.ToString());
    }
}
