using KumaTip.Core.Api;
using KumaTip.Core.Indicators;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;
using LiteDB;

namespace KumaTip.Core.Tests.Lookups;

/// <summary>
/// ResultCache.FindMany reads a dense batch in one pass over the id index and a sparse one by a seek per key: either
/// way it must return exactly what a FindById per key (ResultCache.Find) returns, under the requested keys.
/// </summary>
public sealed class ResultCacheBatchReadTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly TipDatabase _database;
    private readonly ResultCache _cache;
    private int _stamp;

    public ResultCacheBatchReadTests()
    {
        _database = new TipDatabase(_temp.Path);
        _cache = new ResultCache(_database);
    }

    public void Dispose()
    {
        _database.Dispose();
        _temp.Dispose();
    }

    private static TipIndicator Domain(int i) => new($"d{i:D5}.example.com", TipIndicatorType.Domain, $"d{i:D5}.example.com");

    /// <summary>Stores one answer whose status names where it came from, so a row handed to the wrong key shows.</summary>
    private void Store(string tenant, TipIndicator indicator, PortalService service = PortalService.Tip, string? status = null)
    {
        var stamp = ++_stamp;
        _database.InTransaction(() => _cache.Put(new TipLookupResult
        {
            Tenant = tenant,
            Service = service.ToString(),
            Indicator = indicator.Value,
            Kind = indicator.Kind,
            Found = true,
            ZoneValue = TipZone.Red,
            Status = status ?? tenant + "/" + service + "/" + indicator.Value,
            Categories = new[] { "CATEGORY_" + stamp, "CATEGORY_X" },
            ReceivedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(stamp),
            TaskId = stamp,
            Sections = stamp % 2 == 0 ? Array.Empty<string>() : new[] { "Zone", "DomainGeneralInfo" },
            MaxRecords = stamp % 3,
            PortalUrl = "https://tip.example/" + stamp,
            Raw = "{\"n\":" + stamp + "}",
        }));
    }

    private void StoreMany(string tenant, IEnumerable<TipIndicator> indicators, PortalService service = PortalService.Tip)
    {
        _database.InTransaction(() =>
        {
            foreach (var indicator in indicators)
            {
                var stamp = ++_stamp;
                _cache.Put(new TipLookupResult
                {
                    Tenant = tenant, Service = service.ToString(), Indicator = indicator.Value, Kind = indicator.Kind, Found = stamp % 4 != 0,
                    ZoneValue = stamp % 4 == 0 ? TipZone.Grey : TipZone.Green, Status = tenant + "/" + service + "/" + indicator.Value,
                    Categories = stamp % 5 == 0 ? Array.Empty<string>() : new[] { "C" + stamp }, ReceivedAt = DateTimeOffset.UnixEpoch.AddMinutes(stamp),
                    TaskId = stamp, Sections = Array.Empty<string>(), MaxRecords = 0, PortalUrl = "", Raw = "{}",
                });
            }
        });
    }

    /// <summary>FindMany's answer must equal ResultCache.Find's (a FindById per key) for every requested indicator.</summary>
    private Dictionary<string, TipLookupResult> AssertSameAsFind(string tenant, IReadOnlyList<TipIndicator> requested, PortalService service = PortalService.Tip)
    {
        var many = _cache.FindMany(tenant, requested, service);
        var expectedKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var indicator in requested)
        {
            var key = CacheKey.For(tenant, indicator, service);
            var one = _cache.Find(tenant, indicator, service);
            if (one == null)
            {
                Assert.False(many.ContainsKey(key), "FindMany returned a row for " + key + ", which Find does not find");
                continue;
            }
            expectedKeys.Add(key);
            Assert.True(many.TryGetValue(key, out var got), "FindMany missed " + key);
            Assert.Equal(one.Tenant, got!.Tenant);
            Assert.Equal(one.Service, got.Service);
            Assert.Equal(one.Indicator, got.Indicator);
            Assert.Equal(one.Type, got.Type);
            Assert.Equal(one.Status, got.Status);
            Assert.Equal(one.Found, got.Found);
            Assert.Equal(one.Zone, got.Zone);
            Assert.Equal(one.ReceivedAt, got.ReceivedAt);
            Assert.Equal(one.TaskId, got.TaskId);
            Assert.Equal(one.MaxRecords, got.MaxRecords);
            Assert.Equal(one.PortalUrl, got.PortalUrl);
            Assert.Equal(one.Categories.ToArray(), got.Categories.ToArray());
            Assert.Equal(one.Sections.ToArray(), got.Sections.ToArray());
            Assert.True(got.FromCache);
            Assert.Equal(one.Raw, got.Raw);
        }
        Assert.Equal(expectedKeys.OrderBy(k => k, StringComparer.Ordinal), many.Keys.OrderBy(k => k, StringComparer.Ordinal));
        return many;
    }

    /// <summary>How many keys the one-pass range read matched (the rest go to FindById).</summary>
    private int RangeMatches(string tenant, IEnumerable<TipIndicator> requested, PortalService service = PortalService.Tip)
    {
        var keys = requested.Select(i => CacheKey.For(tenant, i, service)).ToList();
        keys.Sort(StringComparer.OrdinalIgnoreCase);
        var found = new Dictionary<string, CachedSummary>(StringComparer.Ordinal);
        var matched = 0;
        _database.ReadInTransaction(() => matched = _cache.ReadRange(_database.Db.GetCollection(TipDatabase.Results), keys, found, (_, doc) => CachedSummary.FromDocument(doc)));
        Assert.Equal(matched, found.Count);
        return matched;
    }

    [Fact]
    public void A_dense_batch_is_read_in_one_pass_and_matches_FindById()
    {
        var all = Enumerable.Range(0, 300).Select(Domain).ToList();
        StoreMany("Main", all);
        // In input order (not key order), with repeats: every requested key answers.
        var requested = all.AsEnumerable().Reverse().Concat(all.Take(20)).ToList();
        var many = AssertSameAsFind("Main", requested);
        Assert.Equal(300, many.Count);
        Assert.Equal(300, RangeMatches("Main", all));
    }

    [Fact]
    public void A_sparse_batch_falls_back_to_seeks_and_matches_FindById()
    {
        var all = Enumerable.Range(0, 3000).Select(Domain).ToList();
        StoreMany("Main", all);
        var requested = Enumerable.Range(0, 60).Select(i => all[i * 50 + 7]).ToList();
        var many = AssertSameAsFind("Main", requested);
        Assert.Equal(60, many.Count);
        // The range read gave up early: most keys were found by their own seek.
        Assert.True(RangeMatches("Main", requested) < 10);
    }

    [Fact]
    public void Missing_keys_inside_a_dense_batch_are_not_answered()
    {
        var all = Enumerable.Range(0, 400).Select(Domain).ToList();
        StoreMany("Main", all.Where((_, i) => i % 2 == 0));
        var many = AssertSameAsFind("Main", all);
        Assert.Equal(200, many.Count);
        Assert.All(many.Values, r => Assert.Equal(0, int.Parse(r.Indicator.Substring(1, 5)) % 2));
    }

    [Fact]
    public void Tenants_that_share_a_prefix_keep_their_own_answers()
    {
        var all = Enumerable.Range(0, 200).Select(Domain).ToList();
        // Interleaved in the index: Main|…, Main2|…, Main-x|…, Main_y|… (ordinal and the file's collation order these differently).
        foreach (var tenant in new[] { "Main2", "Main", "Main-x", "Main_y", "Mai" }) StoreMany(tenant, all.Where((_, i) => tenant == "Main" || i % 3 != 0));
        foreach (var tenant in new[] { "Main", "Main2", "Main-x", "Main_y", "Mai" })
        {
            var many = AssertSameAsFind(tenant, all);
            Assert.Equal(tenant == "Main" ? 200 : 133, many.Count);
            Assert.All(many.Values, r => Assert.StartsWith(tenant + "/", r.Status));
        }
        Assert.Equal(200, RangeMatches("Main", all));
    }

    [Fact]
    public void A_tenant_spelled_in_another_case_gets_what_FindById_gets()
    {
        var all = Enumerable.Range(0, 100).Select(Domain).ToList();
        StoreMany("Main", all);
        // LiteDB compares ids ignoring case: "MAIN|…" finds "Main|…" by FindById. The range read takes only exact ids,
        // so these come from the seeks, as before.
        var many = AssertSameAsFind("MAIN", all);
        Assert.Equal(100, many.Count);
        Assert.All(many.Values, r => Assert.StartsWith("Main/", r.Status));
        Assert.Equal(0, RangeMatches("MAIN", all));
        // Both spellings in one batch: each key gets the stored row.
        var mixed = _cache.FindMany("main", all.Take(50));
        Assert.Equal(50, mixed.Count);
        Assert.All(mixed, kv => Assert.StartsWith("main|", kv.Key));
    }

    [Fact]
    public void Values_that_differ_only_in_case_stay_apart()
    {
        // URL paths are case-sensitive: /Login and /login are two keys (capitals escaped), each with its own answer.
        var urls = new List<TipIndicator>();
        for (var i = 0; i < 40; i++)
        {
            urls.Add(new TipIndicator($"http://site{i:D2}.example/Login", TipIndicatorType.Url, "x"));
            urls.Add(new TipIndicator($"http://site{i:D2}.example/login", TipIndicatorType.Url, "x"));
            urls.Add(new TipIndicator($"http://site{i:D2}.example/LOGIN^2", TipIndicatorType.Url, "x"));
        }
        StoreMany("Main", urls.Where((_, i) => i % 3 != 2));
        var many = AssertSameAsFind("Main", urls);
        Assert.Equal(80, many.Count);
        foreach (var url in urls.Where((_, i) => i % 3 != 2))
        {
            Assert.Equal(url.Value, many[CacheKey.For("Main", url)].Indicator);
        }
    }

    [Fact]
    public void OpenTIP_answers_never_stand_in_for_TIPs_nor_TIPs_for_theirs()
    {
        var all = Enumerable.Range(0, 150).Select(Domain).ToList();
        StoreMany("Main", all.Where((_, i) => i % 2 == 0), PortalService.Tip);
        StoreMany("Main", all.Where((_, i) => i % 3 == 0), PortalService.OpenTip);
        var tip = AssertSameAsFind("Main", all, PortalService.Tip);
        var open = AssertSameAsFind("Main", all, PortalService.OpenTip);
        Assert.Equal(75, tip.Count);
        Assert.Equal(50, open.Count);
        Assert.All(tip.Values, r => Assert.StartsWith("Main/Tip/", r.Status));
        Assert.All(open.Values, r => Assert.StartsWith("Main/OpenTip/", r.Status));
        Assert.Equal(50, RangeMatches("Main", all.Where((_, i) => i % 3 == 0), PortalService.OpenTip));
    }

    [Fact]
    public void Every_type_and_odd_characters_in_one_batch()
    {
        var indicators = new List<TipIndicator>();
        for (var i = 0; i < 30; i++)
        {
            indicators.Add(new TipIndicator($"a-b{i}.example", TipIndicatorType.Domain, "x"));
            indicators.Add(new TipIndicator($"a_b{i}.example", TipIndicatorType.Domain, "x"));
            indicators.Add(new TipIndicator($"ab{i}.example", TipIndicatorType.Domain, "x"));
            indicators.Add(new TipIndicator($"10.0.{i}.1", TipIndicatorType.IPv4, "x"));
            indicators.Add(new TipIndicator($"2001:db8::{i:x}", TipIndicatorType.IPv6, "x"));
            indicators.Add(new TipIndicator(i.ToString("x32"), TipIndicatorType.Md5, "x"));
            indicators.Add(new TipIndicator(i.ToString("x40"), TipIndicatorType.Sha1, "x"));
            indicators.Add(new TipIndicator(i.ToString("x64"), TipIndicatorType.Sha256, "x"));
            indicators.Add(new TipIndicator($"https://x.example/p?q={i}&A=|^~", TipIndicatorType.Url, "x"));
            // Long enough to be keyed by its hash.
            indicators.Add(new TipIndicator("https://x.example/" + new string('a', 300) + i, TipIndicatorType.Url, "x"));
        }
        StoreMany("Main", indicators.Where((_, i) => i % 7 != 3));
        var many = AssertSameAsFind("Main", indicators);
        Assert.Equal(indicators.Count - indicators.Where((_, i) => i % 7 == 3).Count(), many.Count);
        Assert.Equal(many.Count, RangeMatches("Main", indicators.Where((_, i) => i % 7 != 3)));
    }

    [Fact]
    public void A_replaced_answer_is_read_as_replaced()
    {
        var all = Enumerable.Range(0, 100).Select(Domain).ToList();
        StoreMany("Main", all);
        Store("Main", all[42], status: "replaced");
        var many = AssertSameAsFind("Main", all);
        Assert.Equal("replaced", many[CacheKey.For("Main", all[42])].Status);
    }

    [Fact]
    public void Small_and_empty_batches()
    {
        var all = Enumerable.Range(0, 10).Select(Domain).ToList();
        StoreMany("Main", all.Take(5));
        Assert.Empty(_cache.FindMany("Main", Array.Empty<TipIndicator>()));
        Assert.Equal(5, AssertSameAsFind("Main", all).Count);
        Assert.Equal(0, RangeMatches("Main", all));
    }
}
