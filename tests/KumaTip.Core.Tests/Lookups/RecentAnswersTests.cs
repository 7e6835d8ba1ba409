using System.Diagnostics;
using KumaTip.Core.Api;
using KumaTip.Core.Indicators;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;
using LiteDB;

namespace KumaTip.Core.Tests.Lookups;

/// <summary>
/// The process's memory of cached answers (RecentAnswers) answers a repeated FindMany without reading the file, and
/// never returns what the file no longer holds: another process's new answer or clear, this process's own write, a
/// rolled-back write, and a file whose writers keep no results token are all read from the file. "Another process"
/// is a second handle on the same file with a memory of its own, as a second pwsh has (the real two-process case is
/// in tests/KumaTip.Pester/Pipeline.Tests.ps1).
/// </summary>
public sealed class RecentAnswersTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly TipDatabase _mine;
    private readonly TipDatabase _theirs;
    private readonly RecentAnswers _memory = new(1000);
    private readonly ResultCache _cache;
    private readonly ResultCache _other;
    private int _stamp;

    public RecentAnswersTests()
    {
        _mine = new TipDatabase(_temp.Path);
        _theirs = new TipDatabase(_temp.Path);
        _cache = new ResultCache(_mine, _memory);
        _other = new ResultCache(_theirs, new RecentAnswers(1000));
    }

    public void Dispose()
    {
        _mine.Dispose();
        _theirs.Dispose();
        _temp.Dispose();
    }

    private static TipIndicator Domain(int i) => new($"d{i:D4}.example.com", TipIndicatorType.Domain, $"d{i:D4}.example.com");

    private static List<TipIndicator> Domains(int count) => Enumerable.Range(0, count).Select(Domain).ToList();

    private TipLookupResult Answer(TipIndicator indicator, string status) => new()
    {
        Tenant = "Main",
        Indicator = indicator.Value,
        Kind = indicator.Kind,
        Found = true,
        ZoneValue = TipZone.Red,
        Status = status,
        Categories = new[] { "CATEGORY_MALWARE", "CATEGORY_X" },
        ReceivedAt = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(++_stamp),
        TaskId = _stamp,
        Sections = new[] { "Zone" },
        MaxRecords = 10,
        PortalUrl = "https://tip.example/search?searchString=" + indicator.Value,
        Raw = "{\"status\":\"" + status + "\"}",
    };

    private void Store(TipDatabase database, ResultCache cache, IEnumerable<TipIndicator> indicators, string status) =>
        database.InTransaction(() =>
        {
            foreach (var indicator in indicators) cache.Put(Answer(indicator, status));
        });

    private void StoreMine(IEnumerable<TipIndicator> indicators, string status) => Store(_mine, _cache, indicators, status);

    private void StoreTheirs(IEnumerable<TipIndicator> indicators, string status) => Store(_theirs, _other, indicators, status);

    private Dictionary<string, TipLookupResult> Read(IEnumerable<TipIndicator> indicators) => _cache.FindMany("Main", indicators);

    private static string Key(TipIndicator indicator) => CacheKey.For("Main", indicator);

    [Fact]
    public void Answers_read_again_come_from_memory_with_every_field_and_their_body()
    {
        var all = Domains(50);
        StoreMine(all, "first");
        var first = Read(all);
        Assert.Equal(0, _memory.Hits);

        var again = Read(all);

        Assert.Equal(50, _memory.Hits);
        Assert.Equal(50, again.Count);
        foreach (var indicator in all)
        {
            var stored = first[Key(indicator)];
            var remembered = again[Key(indicator)];
            Assert.NotSame(stored, remembered);
            Assert.Equal(stored.Indicator, remembered.Indicator);
            Assert.Equal(stored.Type, remembered.Type);
            Assert.Equal(stored.Zone, remembered.Zone);
            Assert.Equal(stored.Status, remembered.Status);
            Assert.Equal(stored.Categories.ToArray(), remembered.Categories.ToArray());
            Assert.Equal(stored.Sections.ToArray(), remembered.Sections.ToArray());
            Assert.Equal(stored.ReceivedAt, remembered.ReceivedAt);
            Assert.Equal(stored.TaskId, remembered.TaskId);
            Assert.Equal(stored.MaxRecords, remembered.MaxRecords);
            Assert.Equal(stored.PortalUrl, remembered.PortalUrl);
            Assert.Equal(stored.Tenant, remembered.Tenant);
            Assert.Equal(stored.Service, remembered.Service);
            Assert.True(remembered.FromCache);
            Assert.Equal("{\"status\":\"first\"}", remembered.Raw);
        }
    }

    [Fact]
    public void A_result_changed_by_its_reader_does_not_change_what_the_next_read_gets()
    {
        var one = Domains(1);
        StoreMine(one, "first");
        Read(one);
        var got = Read(one)[Key(one[0])];
        got.Status = "edited by a script";
        got.TaskId = -1;

        var next = Read(one)[Key(one[0])];

        Assert.Equal("first", next.Status);
        Assert.NotEqual(-1, next.TaskId);
    }

    [Fact]
    public void An_answer_another_process_replaces_is_read_anew_with_its_own_body()
    {
        var all = Domains(20);
        StoreMine(all, "first");
        Read(all);
        Read(all);
        var hits = _memory.Hits;

        StoreTheirs(all.Take(1), "newer");
        var after = Read(all);

        var changed = after[Key(all[0])];
        Assert.Equal("newer", changed.Status);
        Assert.Equal("{\"status\":\"newer\"}", changed.Raw);
        Assert.All(all.Skip(1), i => Assert.Equal("first", after[Key(i)].Status));
        // Everything was read from the file again: the memory cannot know which answers the other process changed.
        Assert.Equal(hits, _memory.Hits);
    }

    [Fact]
    public void An_answer_another_process_clears_is_not_returned()
    {
        var all = Domains(10);
        StoreMine(all, "first");
        Read(all);
        Read(all);

        var removed = _other.Remove("Main", r => r.Indicator == all[3].Value);

        Assert.Equal(1, removed);
        var after = Read(all);
        Assert.False(after.ContainsKey(Key(all[3])));
        Assert.Equal(9, after.Count);
    }

    [Fact]
    public void This_process_writing_an_answer_forgets_what_it_remembered()
    {
        var all = Domains(10);
        StoreMine(all, "first");
        Read(all);
        Assert.Equal(10, _memory.Count);

        StoreMine(all.Take(2), "mine again");

        Assert.Equal(0, _memory.Count);
        var after = Read(all);
        Assert.Equal("mine again", after[Key(all[0])].Status);
        Assert.Equal("first", after[Key(all[5])].Status);
        // Read under the new token: the next read is from memory again.
        var hits = _memory.Hits;
        Read(all);
        Assert.Equal(hits + 10, _memory.Hits);
    }

    [Fact]
    public void A_write_that_rolls_back_leaves_what_the_file_holds()
    {
        var all = Domains(5);
        StoreMine(all, "first");
        Read(all);

        Assert.Throws<InvalidOperationException>(() => _mine.InTransaction(() =>
        {
            _cache.Put(Answer(all[0], "never committed"));
            throw new InvalidOperationException("the group failed");
        }));
        // The write began: what the memory held may have been replaced, so it was let go.
        Assert.Equal(0, _memory.Count);

        var after = Read(all);
        Assert.Equal("first", after[Key(all[0])].Status);
        Assert.Equal("{\"status\":\"first\"}", after[Key(all[0])].Raw);
    }

    [Fact]
    public void A_file_whose_writers_keep_no_results_token_is_always_read()
    {
        // A data file written by KumaTip 0.2.0 or older: results, no token.
        var all = Domains(5);
        StoreMine(all, "old version");
        _mine.InTransaction(() => _mine.Db.GetCollection(TipDatabase.Counters).Delete(ResultCache.ResultsTokenId));
        Read(all);
        Read(all);
        Assert.Equal(0, _memory.Hits);

        // An older version writing again (no token): seen at once.
        var doc = _mine.Db.GetCollection(TipDatabase.Results).FindById(Key(all[0]));
        doc["Status"] = "old version again";
        _mine.InTransaction(() => _mine.Db.GetCollection(TipDatabase.Results).Update(doc));

        Assert.Equal("old version again", Read(all)[Key(all[0])].Status);
        Assert.Equal(0, _memory.Hits);
    }

    [Fact]
    public void A_key_asked_for_in_another_case_gets_what_the_file_holds_for_it()
    {
        var all = Domains(3);
        StoreMine(all, "first");
        Read(all);
        Read(all);

        // Tenants compare without case in the file: "MAIN" finds the answers stored under "Main".
        var upper = _cache.FindMany("MAIN", all);

        Assert.Equal(3, upper.Count);
        Assert.All(all, i => Assert.Equal("first", upper[CacheKey.For("MAIN", i)].Status));
        Assert.All(all, i => Assert.Equal("Main", upper[CacheKey.For("MAIN", i)].Tenant));
        Assert.All(all, i => Assert.Equal("{\"status\":\"first\"}", upper[CacheKey.For("MAIN", i)].Raw));
    }

    [Fact]
    public void An_answer_put_outside_a_transaction_is_stored_with_its_token_and_seen()
    {
        var all = Domains(3);
        StoreMine(all, "first");
        Read(all);
        Read(all);

        _other.Put(Answer(all[1], "on its own"));

        Assert.False(_theirs.IsInTransaction);
        Assert.Equal("on its own", Read(all)[Key(all[1])].Status);
    }

    [Fact]
    public void Two_handles_on_one_file_in_one_process_share_the_memory_and_see_each_others_writes()
    {
        using var second = new TipDatabase(_temp.Path);
        var first = new ResultCache(_mine);
        var other = new ResultCache(second);
        var shared = RecentAnswers.For(_mine.Path)!;
        Assert.Same(shared, RecentAnswers.For(second.Path));
        var all = Domains(4);
        Store(_mine, first, all, "first");
        first.FindMany("Main", all);
        var hits = shared.Hits;
        Assert.Equal(4, other.FindMany("Main", all).Count);
        Assert.Equal(hits + 4, shared.Hits);

        Store(second, other, all.Take(1), "second handle");

        Assert.Equal("second handle", first.FindMany("Main", all)[Key(all[0])].Status);
    }

    [Fact]
    public void The_memory_holds_at_most_its_capacity_and_keeps_what_is_asked_for_again()
    {
        var memory = new RecentAnswers(10);
        using var database = new TipDatabase(Path.Combine(_temp.Path, "small"));
        var cache = new ResultCache(database, memory);
        var all = Domains(30);
        Store(database, cache, all, "x");
        var favourites = all.Take(3).ToList();

        foreach (var chunk in all.Chunk(5))
        {
            cache.FindMany("Main", chunk);
            cache.FindMany("Main", favourites);
            Assert.InRange(memory.Count, 0, 10);
        }

        var hits = memory.Hits;
        cache.FindMany("Main", favourites);
        Assert.Equal(hits + 3, memory.Hits);
    }

    [Fact]
    public void The_memory_is_given_back_after_ten_idle_minutes()
    {
        var all = Domains(4);
        StoreMine(all, "first");
        Read(all);
        Assert.Equal(4, _memory.Count);
        var now = Stopwatch.GetTimestamp();

        _memory.ReleaseIfIdle(now + (long)(TimeSpan.FromMinutes(5).TotalSeconds * Stopwatch.Frequency));
        Assert.Equal(4, _memory.Count);
        _memory.ReleaseIfIdle(now + (long)(TimeSpan.FromMinutes(11).TotalSeconds * Stopwatch.Frequency));
        Assert.Equal(0, _memory.Count);

        // And filled again by the next read.
        Read(all);
        Read(all);
        Assert.Equal(4, _memory.Count);
    }

    [Theory]
    [InlineData(null, RecentAnswers.DefaultCapacity)]
    [InlineData("", RecentAnswers.DefaultCapacity)]
    [InlineData("lots", RecentAnswers.DefaultCapacity)]
    [InlineData("-5", RecentAnswers.DefaultCapacity)]
    [InlineData("0", 0)]
    [InlineData("1", 0)]
    [InlineData("5000", 5000)]
    public void The_capacity_comes_from_the_environment_variable(string? text, int expected)
    {
        Assert.Equal(expected, RecentAnswers.ParseCapacity(text));
    }

    [Fact]
    public void The_results_token_changes_with_every_write_of_the_results_and_only_then()
    {
        var all = Domains(3);
        string? Token() => _mine.Db.GetCollection(TipDatabase.Counters).FindById(ResultCache.ResultsTokenId)?["Token"].AsString;
        StoreMine(all, "first");
        var afterPut = Token();
        Assert.NotNull(afterPut);

        Read(all);
        Assert.Equal(afterPut, Token());

        _cache.Remove("Main", r => r.Indicator == all[0].Value);
        var afterRemove = Token();
        Assert.NotEqual(afterPut, afterRemove);

        _cache.Remove("Main", r => false);
        Assert.Equal(afterRemove, Token());
    }
}
