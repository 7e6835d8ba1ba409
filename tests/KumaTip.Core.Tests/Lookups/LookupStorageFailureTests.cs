using System.IO;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Tests.Lookups;

/// <summary>
/// The data directory stops taking writes mid-run (a full disk: LiteDB 5.0.20's writer then waits on itself for ever).
/// The run must stop buying, hand out every answer it paid for, leave the rest pending and end: never hang.
/// </summary>
public sealed class LookupStorageFailureTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly TipDatabase _database;
    private readonly FakeTipClient _client = new();
    private readonly LookupService _service;
    private readonly ManualResetEventSlim _release = new(false);

    public LookupStorageFailureTests()
    {
        _database = new TipDatabase(_temp.Path);
        _service = new LookupService(_database, _ => _client, new Uri("https://tip.example/"), new MemoryLedger(), new ManualTime());
    }

    public void Dispose()
    {
        _release.Set();
        Thread.Sleep(200); // let a released writer leave LiteDB before the file goes
        _database.Dispose();
        _temp.Dispose();
    }

    private static IEnumerable<LookupRequest> Rows(int count) => Enumerable.Range(0, count).Select(i => new LookupRequest("host" + i + ".example", i));

    [Fact]
    public async Task A_write_that_never_returns_ends_the_run_with_every_paid_answer_handed_out()
    {
        _service.StorageTimeout = TimeSpan.FromSeconds(1);
        _service.BeforeWriteForTests = () => _release.Wait();
        var outputs = new List<LookupOutput>();

        // 400 rows: with an instant client, 40 were sometimes all bought (their items stored in doubling chunks before
        // the first answer's write began) before the store was found stuck, and "paid < 40" failed on a busy machine.
        using var session = await _service.RunAsync(Rows(400), new LookupOptions { ThrottleLimit = 2 }, outputs.Add).WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(400, outputs.Count);
        Assert.Equal("TipStorageFailed", session.FatalError!.ErrorId);
        Assert.Contains(_temp.Path, session.FatalError.Message);
        Assert.Equal(LookupStopReason.StorageFailed, session.StopReason);
        var paid = _client.Requests.Count;
        Assert.Equal(paid, outputs.Count(o => o.Outcome == LookupOutcome.Result));
        Assert.True(paid < 400, "it kept buying after the store stopped taking writes: " + paid);
        Assert.All(outputs.Where(o => o.Outcome != LookupOutcome.Result), o => Assert.Equal(LookupOutcome.NotRequested, o.Outcome));
    }

    [Fact]
    public async Task Too_little_free_space_stops_the_run_before_the_first_request_and_leaves_everything_pending()
    {
        _service.StorageReserve = long.MaxValue;
        var outputs = new List<LookupOutput>();

        using var session = await _service.RunAsync(Rows(10), new LookupOptions(), outputs.Add).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Empty(_client.Requests);
        Assert.All(outputs, o => Assert.Equal(LookupOutcome.NotRequested, o.Outcome));
        Assert.Equal("TipStorageFailed", session.FatalError!.ErrorId);
        Assert.Contains("free on the disk of KumaTip's data directory", session.FatalError.Message);
        var task = Assert.Single(new TaskStore(_database).List());
        Assert.Equal(10, task.Pending);
        Assert.Equal(TipTaskStatus.Failed, task.State);
    }

    [Fact]
    public async Task A_write_that_keeps_failing_stops_the_buying_and_keeps_the_answers()
    {
        _service.BeforeWriteForTests = () => throw new IOException("No space left on device");
        var outputs = new List<LookupOutput>();

        using var session = await _service.RunAsync(Rows(5), new LookupOptions(), outputs.Add).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal("TipStorageFailed", session.FatalError!.ErrorId);
        Assert.Contains("No space left on device", session.FatalError.Message);
        Assert.Equal(_client.Requests.Count, outputs.Count(o => o.Outcome == LookupOutcome.Result));
        Assert.Equal(_client.Requests.Count, session.UnstoredResults);
    }
}
