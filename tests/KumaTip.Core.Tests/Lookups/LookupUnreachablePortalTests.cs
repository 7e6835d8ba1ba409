using KumaTip.Core.Api;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;
using KumaTip.Core.Tests.Api.Infrastructure;

namespace KumaTip.Core.Tests.Lookups;

/// <summary>
/// A batch against a portal that stopped answering ends with one error and leaves what it did not look up pending, so
/// Restart-TipTask finishes it; and it reports each retry on the way.
/// </summary>
public sealed class LookupUnreachablePortalTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly TipDatabase _database;
    private readonly FakeTipClient _client = new();

    public LookupUnreachablePortalTests() => _database = new TipDatabase(_temp.Path);

    public void Dispose()
    {
        _database.Dispose();
        _temp.Dispose();
    }

    private static IEnumerable<LookupRequest> Rows(params string[] values) => values.Select(v => new LookupRequest(v, v));

    [Fact]
    public async Task An_open_circuit_stops_the_batch_with_one_error_and_Restart_finishes_what_was_left_pending()
    {
        var service = new LookupService(_database, _ => _client, new Uri("https://tip.example/"), new MemoryLedger());
        _client.Unreachable = true;
        var values = new[] { "a.com", "b.com", "c.com", "d.com", "e.com" };
        var outputs = new List<LookupOutput>();

        var session = await service.RunAsync(Rows(values), new LookupOptions { ThrottleLimit = 2 }, outputs.Add).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(LookupStopReason.Unreachable, session.StopReason);
        var fatal = session.FatalError!;
        Assert.Equal("TipApiCircuitOpen", fatal.ErrorId);
        Assert.Equal(LookupErrorCategory.ConnectionError, fatal.Category);
        Assert.Contains("is not answering", fatal.Message);
        Assert.Contains("Restart-TipTask -Id " + session.Task!.Id, fatal.Message);
        // One error for the batch, none per row: every row is "not requested" and pending.
        Assert.Equal(values.Length, outputs.Count);
        Assert.All(outputs, o => Assert.Equal(LookupOutcome.NotRequested, o.Outcome));
        Assert.All(outputs, o => Assert.Contains("the portal is not answering", o.Reason));
        Assert.Equal((5, 0, 0, 5), (session.Task.Total, session.Task.Done, session.Task.Failed, session.Task.Pending));
        Assert.Equal(TipTaskStatus.Failed, session.Task.State);
        Assert.Contains("5 item(s) pending", session.Task.Message);

        _client.Unreachable = false;
        var restarted = await service.RestartAsync(session.Task.Id, 2, null).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(TipTaskStatus.Completed, restarted.Task!.State);
        Assert.Equal((5, 5, 0), (restarted.Task.Total, restarted.Task.Done, restarted.Task.Pending));
    }

    [Fact]
    public async Task A_batch_against_a_server_that_never_answers_ends_soon_with_one_error_and_keeps_its_rows()
    {
        await using var server = new SilentServer();
        var options = TestClients.OptionsFor(server.BaseAddress);
        options.AttemptTimeout = TimeSpan.FromMilliseconds(200);
        options.MaxRetries = 4;
        options.TotalTimeout = TimeSpan.FromSeconds(5);
        var service = new LookupService(_database, o =>
        {
            options.ThrottleLimit = o.ThrottleLimit;
            return new TipClient(options);
        }, new Uri("https://tip.example/"), new MemoryLedger());
        var values = Enumerable.Range(1, 40).Select(i => $"row{i}.example.com").ToArray();
        var outputs = new List<LookupOutput>();

        // Before: 40 rows x 5 attempts x the attempt timeout (with 30 s timeouts, about 27 minutes).
        var session = await service.RunAsync(Rows(values), new LookupOptions { ThrottleLimit = 4 }, outputs.Add).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(LookupStopReason.Unreachable, session.StopReason);
        Assert.Equal("TipApiCircuitOpen", session.FatalError!.ErrorId);
        Assert.Contains("no answer within 0.2 s", session.FatalError.Message);
        Assert.Equal(values.Length, outputs.Count);
        Assert.Equal(values, outputs.Select(o => o.Request.Value));
        // Rows whose own attempts ran out before the circuit opened fail on their own; the others wait in the task.
        var failed = outputs.Count(o => o.Outcome == LookupOutcome.Error);
        Assert.InRange(failed, 0, 4);
        Assert.Equal(values.Length - failed, outputs.Count(o => o.Outcome == LookupOutcome.NotRequested));
        var task = session.Task!;
        Assert.Equal((40, 0, failed, 40 - failed), (task.Total, task.Done, task.Failed, task.Pending));
        Assert.True(server.Accepted < 40, $"{server.Accepted} connections for 40 rows: the batch did not stop at the open circuit");
    }

    [Fact]
    public async Task Each_retry_is_reported_by_the_batch_with_its_reason_and_wait()
    {
        var service = new LookupService(_database, _ => _client, new Uri("https://tip.example/"), new MemoryLedger());
        var reported = new List<string>();

        var session = await service.RunAsync(Rows("flaky.com", "a.com"), new LookupOptions(), _ => { },
            started: s => s.Retrying += (_, e) => { lock (reported) reported.Add(e.Message); }).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(LookupStopReason.None, session.StopReason);
        var line = Assert.Single(reported);
        Assert.Equal("Attempt 1 to look up the domain 'flaky.com' failed (HTTP 503); trying again in 0 s.", line);
    }
}
