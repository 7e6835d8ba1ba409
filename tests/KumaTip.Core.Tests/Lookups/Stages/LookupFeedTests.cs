using KumaTip.Core.Api;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Tests.Lookups.Stages;

/// <summary>The one feed/drain loop every caller uses (the cmdlets, -AsJob, Restart-TipTask).</summary>
public sealed class LookupFeedTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly TipDatabase _database;
    private readonly FakeTipClient _client = new();
    private readonly MemoryLedger _ledger = new();
    private readonly LookupService _service;

    public LookupFeedTests()
    {
        _database = new TipDatabase(_temp.Path);
        _service = new LookupService(_database, _ => _client, new Uri("https://tip.example/"), _ledger, new ManualTime());
        _ledger.License = new TipLicenseInfo { DayQuota = 1_000_000, DayRequests = 0, AccessType = "Commercial" };
    }

    public void Dispose()
    {
        _database.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void Outputs_messages_and_progress_come_back_in_input_order_on_the_feeding_thread()
    {
        var thread = Environment.CurrentManagedThreadId;
        var values = new[] { "a.com", "not an indicator", "b.com", "a.com", "flaky.com" };
        var outputs = new List<(string Row, int Thread)>();
        var messages = new List<(string Text, int Thread)>();
        var progressThreads = new List<int>();
        using var session = _service.Start(new LookupOptions { Diagnostics = true, ThrottleLimit = 2 });
        var feed = new LookupFeed(session, o => outputs.Add(((string)o.Request.Row!, Environment.CurrentManagedThreadId)))
        {
            OnMessage = m => messages.Add((m.Text, Environment.CurrentManagedThreadId)),
            OnProgress = _ => progressThreads.Add(Environment.CurrentManagedThreadId),
        };

        feed.Run(values.Select(v => new LookupRequest(v, v)));

        Assert.Equal(values, outputs.Select(o => o.Row));
        Assert.All(outputs, o => Assert.Equal(thread, o.Thread));
        Assert.Contains(messages, m => m.Text.Contains("flaky.com") && m.Text.Contains("503")); // the retry
        Assert.Contains(messages, m => m.Text.StartsWith("Requests go to"));
        Assert.All(messages, m => Assert.Equal(thread, m.Thread));
        Assert.NotEmpty(progressThreads);
        Assert.All(progressThreads, t => Assert.Equal(thread, t));
        Assert.Equal(TipTaskStatus.Completed, session.Task!.State);
    }

    [Fact]
    public void The_feed_never_holds_more_than_its_window_of_rows()
    {
        // Requests wait until the feed has a full window in hand, so rows pile up as far as the feed lets them.
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _client.Gate = _ => open.Task;
        using var session = _service.Start(new LookupOptions { ThrottleLimit = 4 });
        var mostInHand = 0;
        IEnumerable<LookupRequest> Rows()
        {
            for (var i = 0; i < LookupFeed.Window + 500; i++)
            {
                mostInHand = Math.Max(mostInHand, session.Outstanding);
                yield return new LookupRequest("host" + i + ".example.com", i);
            }
        }
        var opener = Task.Run(async () =>
        {
            while (session.Outstanding < LookupFeed.Window) await Task.Delay(10);
            open.TrySetResult();
        });
        var outputs = new List<int>();

        new LookupFeed(session, o => outputs.Add((int)o.Request.Row!)).Run(Rows());

        Assert.True(opener.IsCompletedSuccessfully);
        Assert.InRange(mostInHand, LookupFeed.Window - 1, LookupFeed.Window - 1);
        Assert.Equal(Enumerable.Range(0, LookupFeed.Window + 500), outputs);
    }

    [Fact]
    public void A_stopped_feed_ends_its_wait_and_leaves_the_task_cancelled_with_its_items_pending()
    {
        using var stop = new CancellationTokenSource();
        _client.Gate = _ => new TaskCompletionSource().Task; // never answers
        _client.OnRequest = _ => stop.Cancel();
        var session = _service.Start(new LookupOptions { ThrottleLimit = 1 }, stop.Token);
        var feed = new LookupFeed(session, _ => { }, stop.Token);

        Assert.ThrowsAny<OperationCanceledException>(() => feed.Run(new[] { new LookupRequest("a.com"), new LookupRequest("b.com") }));
        session.Dispose();

        var task = _service.GetTask(session.Task!.Id)!;
        Assert.Equal(TipTaskStatus.Cancelled, task.State);
        Assert.Equal(2, task.Pending);
        Assert.Equal(LookupStopReason.Cancelled, session.StopReason);
    }
}
