using KumaTip.Benchmarks.Infrastructure;
using KumaTip.Core.Indicators;
using KumaTip.Core.Lookups;

namespace KumaTip.Benchmarks.Scenarios;

/// <summary>
/// (7) Issue 15's cache speed: scenario 3's shape (N cached indicators looked up again) through the team store on
/// PostgreSQL and through the LiteDB file, on the same machine, back to back, in the same process and through the
/// same path (KumaTip.Core's lookup service, as Invoke-TipLookup calls it; no cmdlet chooses the team store yet). The
/// team store is read as a login role granted the tenant (not the schema's owner), so row-level security applies as it
/// does to analysts. Passes alternate LiteDB, team, LiteDB, team so that a change in the machine's load hits both.
/// </summary>
public sealed class TeamCacheThroughputScenario : IScenario
{
    private const int Block = 7;
    private const int Passes = 3;
    private const int Throttle = 32;
    private const int Templates = 5;
    private static readonly TimeSpan BatchTimeout = TimeSpan.FromMinutes(15);

    public int Number => 7;

    public string Name => "Team cache throughput";

    public Task RunAsync(BenchmarkContext context, ScenarioResult result, CancellationToken cancellationToken)
    {
        var n = Math.Max(context.Sizes.TeamCacheIndicators, Templates);
        result.Size = $"{n:N0} distinct cached indicators, one batch, team store (PostgreSQL, as a non-owner role under row-level security) vs LiteDB file (read from the file every pass)";
        result.Goal = "team ÷ LiteDB ≥ 1.00 (best pass of each)";
        if (TeamStoreServer.SkipReason is { } skip)
        {
            result.Figure = skip;
            result.Details.Add(skip);
            return Task.CompletedTask;
        }
        TeamStoreServer.Require();

        context.SetLatency(TimeSpan.Zero);
        var home = context.NewConfiguredHome("team-cache", context.Connection, Throttle);
        var database = context.TeamStore.CreateDatabase("teamcache");
        var login = context.TeamStore.LoginFor(database, "bench_cache_analyst", "MAIN");
        result.Details.Add($"Server: {context.TeamStore.ServerVersion}, a private cluster on this machine (loopback TCP, fsync off); role bench_cache_analyst granted tenant MAIN.");
        CountingStore? counting = null;
        // LiteDB as a new session reads it: from the file, every pass. The process's memory of answers it has read
        // (RecentAnswers, which makes scenario 3's repeated passes fast) is turned off for this file, else passes 2 and 3
        // would compare the team store with a dictionary. The variable is read once per data file, when it is first opened.
        var previous = Environment.GetEnvironmentVariable(KumaTip.Core.Lookups.RecentAnswers.CapacityVariable);
        Environment.SetEnvironmentVariable(KumaTip.Core.Lookups.RecentAnswers.CapacityVariable, "0");
        using var lite = new CoreLookupHost(context.CopyHome(home, "team-cache-lite"), null);
        Environment.SetEnvironmentVariable(KumaTip.Core.Lookups.RecentAnswers.CapacityVariable, previous);
        using var team = new CoreLookupHost(context.CopyHome(home, "team-cache-pg"), login, s => counting = new CountingStore(s));
        var values = IndicatorGenerator.CanonicalRange(n, Block);

        // Real answers, one per indicator type, bought through the API into the LiteDB file: the templates of the fill.
        var mark = context.Requests.Mark();
        var (sampleOutputs, sampleSession) = lite.Run(values.Take(Templates), Throttle, BatchTimeout);
        sampleSession.Dispose();
        var templates = sampleOutputs.Select(o => o.Result ?? throw new BenchmarkException($"The sample lookup of {o.Request.Value} gave no result: {o.Error?.Message ?? o.Reason}")).ToArray();
        var bodies = templates.Select(t => t.Raw ?? throw new BenchmarkException($"The sample answer for {t.Indicator} has no body.")).ToArray();
        result.Details.Add($"Templates: {templates.Length} answers bought through the API ({context.Requests.Since(mark).Count} requests), bodies of " +
                           string.Join(", ", bodies.Select(b => $"{b.Length:N0}")) + " characters (domain, IPv4, URL, MD5, SHA256).");

        // The fill: every indicator gets its type's real answer, written through each store's own Put in transactions of
        // 1,000 (as the answer writer stores them), the team store's as the analyst's role. Filling 100,000 through the
        // API and the whole write path (tasks, claims, ledger) took minutes per store on this loaded machine and measures
        // nothing this scenario is about; what the cache then holds is the same.
        foreach (var (name, host) in new[] { ("LiteDB", lite), ("Team store", team) })
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fill = ResourceMeter.Start();
            var store = host.Service.Store;
            for (var from = 0; from < n; from += 1000)
            {
                var to = Math.Min(n, from + 1000);
                store.InTransaction(() =>
                {
                    for (var i = from; i < to; i++) store.Cache.Put(Answer(values[i], templates[i % Templates], bodies[i % Templates]));
                    return 0;
                });
            }
            var use = fill.Stop();
            result.Details.Add($"{name}: filling the cache with {n:N0} answers, {n / use.Wall.TotalSeconds:N0} answers/s ({use.Describe(n)}).");
        }

        var rates = new Dictionary<string, List<double>> { ["LiteDB"] = new(), ["Team store"] = new() };
        var ok = true;
        for (var pass = 1; pass <= Passes; pass++)
        {
            foreach (var (name, host) in new[] { ("LiteDB", lite), ("Team store", team) })
            {
                cancellationToken.ThrowIfCancellationRequested();
                counting?.Reset();
                GC.Collect();
                var passMark = context.Requests.Mark();
                var meter = ResourceMeter.Start();
                var (outputs, session) = host.Run(values, Throttle, BatchTimeout);
                var use = meter.Stop();
                session.Dispose();
                var requests = context.Requests.Since(passMark).Count;
                var fromCache = outputs.Count(o => o.Outcome == LookupOutcome.Result && o.Result!.FromCache);
                var rate = n / use.Wall.TotalSeconds;
                rates[name].Add(rate);
                var reads = host == team && counting != null ? "; " + counting.Describe(n) : "";
                result.Details.Add($"Pass {pass}, {name}: {rate:N0} indicators/s ({use.Wall.TotalMicroseconds / n:0.0} µs each); {outputs.Count:N0} results, " +
                                   $"{fromCache:N0} from the cache, {requests:N0} requests{reads}; {use.Describe(n)}.");
                if (requests > 0 || fromCache != n) ok = false;
            }
        }

        var liteBest = rates["LiteDB"].Max();
        var teamBest = rates["Team store"].Max();
        var ratio = teamBest / liteBest;
        result.Figure = $"team store {teamBest:N0} vs LiteDB {liteBest:N0} indicators/s (best of {Passes} passes each): ratio {ratio:0.00}";
        result.Details.Add($"Medians: team store {Statistics.Median(rates["Team store"]):N0}, LiteDB {Statistics.Median(rates["LiteDB"]):N0} indicators/s; " +
                           $"ratio of medians {Statistics.Median(rates["Team store"]) / Statistics.Median(rates["LiteDB"]):0.00}.");
        result.Met = ok && ratio >= 1.0;
        if (!ok) result.Details.Add("Not every indicator came from the cache, or a request was sent: see the passes above.");
        return Task.CompletedTask;
    }

    /// <summary>The template's answer, for <paramref name="value"/> (parsed as a lookup parses it) and received now.</summary>
    private static TipLookupResult Answer(string value, TipLookupResult template, string body)
    {
        if (!IndicatorParser.TryParse(value, out var indicator, out var error) || indicator == null)
            throw new BenchmarkException($"'{value}' does not parse as an indicator: {error}");
        if (indicator.Kind != template.Kind) throw new BenchmarkException($"'{value}' is a {indicator.Kind}, its template a {template.Kind}.");
        return new TipLookupResult
        {
            Tenant = template.Tenant,
            Service = template.Service,
            Indicator = indicator.Value,
            Kind = indicator.Kind,
            Found = template.Found,
            ZoneValue = template.ZoneValue,
            Status = template.Status,
            Categories = template.Categories,
            ReceivedAt = DateTimeOffset.UtcNow,
            TaskId = template.TaskId,
            Sections = template.Sections,
            MaxRecords = template.MaxRecords,
            PortalUrl = template.PortalUrl,
            Raw = body,
        };
    }
}
