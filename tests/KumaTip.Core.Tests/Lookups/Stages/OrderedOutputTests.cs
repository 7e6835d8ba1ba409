using KumaTip.Core.Lookups;
using KumaTip.Core.Lookups.Stages;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Tests.Lookups.Stages;

public sealed class OrderedOutputTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly TipDatabase _database;
    private readonly OrderedOutput _output;

    public OrderedOutputTests()
    {
        _database = new TipDatabase(_temp.Path);
        var run = new LookupRun(new LookupService(_database, _ => new FakeTipClient()), new LookupOptions(), null, CancellationToken.None);
        _output = new OrderedOutput(run);
    }

    public void Dispose()
    {
        _database.Dispose();
        _temp.Dispose();
    }

    private static LookupOutput Answer(RowSlot slot) => new(slot.Request, LookupOutcome.NotRequested, null, null, "done");

    [Fact]
    public void A_row_answered_early_waits_for_every_row_before_it()
    {
        var first = new RowSlot(new LookupRequest("a.com", 1));
        var second = new RowSlot(new LookupRequest("b.com", 2));
        _output.Enqueue(first);
        _output.Enqueue(second);

        second.Output = Answer(second);
        Assert.False(_output.TryTake(out _));

        first.Output = Answer(first);
        Assert.True(_output.TryTake(out var one));
        Assert.True(_output.TryTake(out var two));
        Assert.Equal(new object?[] { 1, 2 }, new[] { one.Request.Row, two.Request.Row });
        Assert.True(_output.IsEmpty);
    }

    [Fact]
    public void A_crash_gives_every_unanswered_row_an_error_naming_its_own_value()
    {
        var answered = new RowSlot(new LookupRequest("a.com"));
        answered.Output = Answer(answered);
        var waiting = new RowSlot(new LookupRequest("b.com"));
        _output.Enqueue(answered);
        _output.Enqueue(waiting);

        _output.FailEverything(new IOException("disk gone"));

        Assert.Equal("done", answered.Output.Reason);
        Assert.Equal(LookupOutcome.Error, waiting.Output?.Outcome);
        Assert.Contains("'b.com'", waiting.Output?.Reason);
        Assert.Contains("disk gone", waiting.Output?.Reason);
    }
}
