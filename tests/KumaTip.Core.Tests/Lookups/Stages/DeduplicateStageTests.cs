using KumaTip.Core.Lookups;
using KumaTip.Core.Lookups.Stages;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Tests.Lookups.Stages;

public sealed class DeduplicateStageTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly TipDatabase _database;
    private readonly LookupRun _run;
    private readonly DeduplicateStage _stage;

    public DeduplicateStageTests()
    {
        _database = new TipDatabase(_temp.Path);
        var service = new LookupService(_database, _ => new FakeTipClient());
        _run = new LookupRun(service, new LookupOptions(), null, CancellationToken.None);
        _stage = new DeduplicateStage(_run, new ParseStage(_run));
    }

    public void Dispose()
    {
        _database.Dispose();
        _temp.Dispose();
    }

    private static List<RowSlot> Slots(params string[] values) => values.Select(v => new RowSlot(new LookupRequest(v, v))).ToList();

    [Fact]
    public void Rows_naming_the_same_indicator_share_one_entry_and_its_answer()
    {
        var slots = Slots("a.com", "A.com", "a[.]com", "b.com");

        var fresh = _stage.Group(slots);

        Assert.Equal(new[] { "a.com", "b.com" }, fresh.Select(e => e.Indicator.Value));
        _run.Complete(fresh[0], LookupOutcome.NotRequested, null, null, "why");
        Assert.All(slots.Take(3), s => Assert.Equal("why", s.Output?.Reason));
        Assert.Null(slots[3].Output);
    }

    [Fact]
    public void A_spelling_seen_before_is_attached_as_it_is_added()
    {
        var fresh = _stage.Group(Slots("a.com"));
        var again = Slots("a.com", "A.com");

        Assert.True(_stage.TryAttachKnownValue(again[0]));
        Assert.False(_stage.TryAttachKnownValue(again[1])); // another spelling goes through parsing
        _run.Complete(fresh[0], LookupOutcome.NotRequested, null, null, "why");
        Assert.Equal("why", again[0].Output?.Reason);
    }

    [Fact]
    public void Past_its_bound_answered_entries_are_forgotten_but_errors_are_kept()
    {
        _stage.RememberedKeys = 2;
        var first = _stage.Group(Slots("a.com", "b.com", "c.com"));
        _run.Complete(first[0], LookupOutcome.Result, null, null, null);
        _run.Complete(first[1], LookupOutcome.Error, null, null, "failed");
        _run.Complete(first[2], LookupOutcome.Result, null, null, null);
        _stage.Group(Slots("d.com")); // over the bound: the oldest answer (a.com) is forgotten

        var again = _stage.Group(Slots("a.com", "b.com"));

        // a.com goes through the stages again (the cache answers it); b.com's error stays, with no second request.
        Assert.Equal(new[] { "a.com" }, again.Select(e => e.Indicator.Value));
    }

    [Fact]
    public void A_value_that_is_not_an_indicator_is_answered_at_once_and_makes_no_entry()
    {
        var slots = Slots("not an indicator");

        Assert.Empty(_stage.Group(slots));

        Assert.Equal(LookupOutcome.Error, slots[0].Output?.Outcome);
        Assert.Equal("InvalidIndicator", slots[0].Output?.Error?.ErrorId);
        Assert.Equal(1, _run.Invalid);
    }
}
