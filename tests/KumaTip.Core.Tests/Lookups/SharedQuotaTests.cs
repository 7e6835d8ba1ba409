using System.Diagnostics;
using KumaTip.Core.Api;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Tests.Lookups;

/// <summary>
/// Issue 14 point 2, across processes: batches on one data directory reserve from the same ledger before sending, so
/// together they send no more than the quota leaves; a reservation of a process that is gone, or past its lease, no
/// longer counts; the day's count the next run reads is the highest the portal reported. (Real processes: the engine
/// tests' CrossProcessQuotaTests.)
/// </summary>
public sealed class SharedQuotaTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeTipClient _portal = new();
    private readonly List<TipWorkspace> _workspaces = new();

    public void Dispose()
    {
        foreach (var w in _workspaces) w.Dispose();
        _temp.Dispose();
    }

    /// <summary>A lookup service on its own connection to the shared data directory, as another process has.</summary>
    private (TipWorkspace Workspace, LookupService Service) Open()
    {
        var workspace = new TipWorkspace(_temp.Path, TimeProvider.System);
        _workspaces.Add(workspace);
        return (workspace, new LookupService(workspace.Database, _ => _portal, new Uri("https://tip.example/"), new WorkspaceLedger(workspace), TimeProvider.System));
    }

    private static IEnumerable<LookupRequest> Values(string prefix, int count) => Enumerable.Range(0, count).Select(i => new LookupRequest(prefix + i + ".com", null));

    private static Task<LookupSession> Run(LookupService service, string prefix, int count, int throttle = 16)
        => service.RunAsync(Values(prefix, count), new LookupOptions { ThrottleLimit = throttle }, _ => { });

    private void SeeLicense(TipWorkspace workspace, int quota, int used)
    {
        _portal.DayQuota = quota;
        _portal.UsedBefore = used;
        workspace.Licenses.Save("Main", new TipLicenseInfo { DayQuota = quota, DayRequests = used, AccessType = "Commercial" }, DateTimeOffset.UtcNow.AddSeconds(-1));
    }

    [Fact]
    public async Task Eight_services_feeding_batch_after_batch_on_one_data_directory_never_send_past_the_quota()
    {
        var services = Enumerable.Range(0, 8).Select(_ => Open()).ToList();
        SeeLicense(services[0].Workspace, 60, 3);
        _portal.Gate = _ => Task.Delay(Random.Shared.Next(0, 15));

        await Task.WhenAll(services.Select((s, p) => Task.Run(async () =>
        {
            for (var batch = 0; batch < 6; batch++) await Run(s.Service, "p" + p + "b" + batch + "i", 6, throttle: 4);
        }))).WaitAsync(TimeSpan.FromMinutes(3));

        Assert.Equal(0, _portal.Refused);
        Assert.Equal(57, _portal.Requests.Count);
    }

    [Fact]
    public async Task Two_services_on_their_own_connections_to_one_data_directory_send_exactly_what_the_quota_leaves_together()
    {
        var (first, one) = Open();
        var (_, two) = Open();
        SeeLicense(first, 40, 3);
        // Answers take a moment, so both batches have requests on the wire at once.
        _portal.Gate = _ => Task.Delay(5);

        var sessions = await Task.WhenAll(Task.Run(() => Run(one, "a", 250)), Task.Run(() => Run(two, "b", 250))).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(37, _portal.Requests.Count);
        Assert.Equal(0, _portal.Refused);
        Assert.All(sessions, s => Assert.Equal(LookupStopReason.QuotaSpent, s.StopReason));
        Assert.Equal(37, sessions.Sum(s => s.Task!.Done));
        Assert.Empty(first.Database.Db.GetCollection(TipDatabase.QuotaReservations).FindAll());
        Assert.Equal((40, 40), new WorkspaceLedger(first).QuotaToday("Main"));
    }

    [Fact]
    public async Task A_reservation_another_live_process_holds_is_counted_and_waited_for()
    {
        var (workspace, service) = Open();
        SeeLicense(workspace, 40, 38);
        using var other = LiveProcess();
        var owner = OwnerOf(other);
        var ledger = new WorkspaceLedger(workspace);
        var theirs = ledger.Reservations.Take("Main", owner, DateTime.UtcNow);

        // Two left, one of them on the other process's wire: this batch sends one, then waits for the other's answer.
        var running = Task.Run(() => Run(service, "c", 10));
        while (_portal.Requests.Count < 1 && !running.IsCompleted) await Task.Delay(20);
        await Task.Delay(300); // room for a wrong second request, were the reservation not counted
        Assert.False(running.IsCompleted);
        // The other process's answer comes and its writer books it, giving its reservation back in the same commit.
        _portal.UsedBefore = 39;
        workspace.Database.InTransaction(() =>
        {
            ledger.Reservations.GiveBack("Main", theirs);
            workspace.Ledger.Record("Main", KumaTip.Core.Indicators.IndicatorParser.Parse("theirs.com").Indicator!, 200);
        });
        var session = await running.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Single(_portal.Requests);
        Assert.Equal(0, _portal.Refused);
        Assert.Equal(LookupStopReason.QuotaSpent, session.StopReason);
    }

    [Fact]
    public async Task A_reservation_of_a_process_that_is_gone_is_reclaimed_and_its_quota_spent()
    {
        var (workspace, service) = Open();
        SeeLicense(workspace, 40, 38);
        TaskOwner dead;
        using (var process = LiveProcess())
        {
            dead = OwnerOf(process);
            process.Kill();
            process.WaitForExit();
        }
        var ledger = new WorkspaceLedger(workspace);
        ledger.Reservations.Take("Main", dead, DateTime.UtcNow); // its lease has minutes to run

        var session = await Run(service, "d", 10).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(2, _portal.Requests.Count);
        Assert.Equal(0, _portal.Refused);
        Assert.Equal(LookupStopReason.QuotaSpent, session.StopReason);
        Assert.Empty(((QuotaReservationStore)ledger.Reservations).List("Main"));
    }

    [Fact]
    public async Task A_reservation_past_its_lease_no_longer_counts()
    {
        var (workspace, service) = Open();
        SeeLicense(workspace, 40, 36);
        var ledger = new WorkspaceLedger(workspace);
        // Another machine's: whether its process lives cannot be told, so the lease decides.
        var elsewhere = new TaskOwner("another-machine-" + Guid.NewGuid().ToString("N"), 4242, 1);
        ledger.Reservations.Take("Main", elsewhere, DateTime.UtcNow.AddMinutes(-10), count: 3);

        var session = await Run(service, "e", 10).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(4, _portal.Requests.Count);
        Assert.Equal(0, _portal.Refused);
        Assert.Equal(LookupStopReason.QuotaSpent, session.StopReason);
        Assert.Empty(((QuotaReservationStore)ledger.Reservations).List("Main"));
    }

    [Fact]
    public void The_days_count_kept_is_the_highest_answer_of_a_group_not_the_last_to_arrive()
    {
        // The known gap: a group of parallel answers was booked with the LicenseInfo of its last answer, which may carry
        // a lower count than one before it (the portal counted it earlier); the next run then saw one request left.
        var (workspace, _) = Open();
        var ledger = new WorkspaceLedger(workspace);
        var me = TaskOwner.Current;
        var now = DateTime.UtcNow;
        var grant = ledger.Reservations.Take("Main", me, now, count: 2);
        ledger.NoteAnswered("Main", grant, new TipLicenseInfo { DayQuota = 40, DayRequests = 40 });
        ledger.NoteAnswered("Main", grant, new TipLicenseInfo { DayQuota = 40, DayRequests = 39 });

        workspace.Database.InTransaction(() =>
        {
            ledger.RecordRequest("Main", KumaTip.Core.Indicators.IndicatorParser.Parse("x1.com").Indicator!, 1, 200, now);
            ledger.RecordRequest("Main", KumaTip.Core.Indicators.IndicatorParser.Parse("x2.com").Indicator!, 1, 200, now);
            ledger.RecordLicense("Main", new TipLicenseInfo { DayQuota = 40, DayRequests = 39 }, now);
        });

        Assert.Equal((40, 40), ledger.QuotaToday("Main"));
        Assert.Empty(((QuotaReservationStore)ledger.Reservations).List("Main"));
    }

    private static Process LiveProcess()
    {
        var process = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        return process;
    }

    private static TaskOwner OwnerOf(Process process) => new(Environment.MachineName, process.Id, process.StartTime.ToUniversalTime().Ticks);
}
