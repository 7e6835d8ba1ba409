using KumaTip.Benchmarks.Children;
using KumaTip.Benchmarks.Infrastructure;
using KumaTip.Core.Lookups;
using KumaTip.Simulator;

namespace KumaTip.Benchmarks.Scenarios;

/// <summary>
/// (9) Issue 15: eight processes (each its own data directory and login role) on one team store spend one quota for a
/// fixed time, each feeding fresh indicators in batches (25 rows; 10 in the smoke profile), one after another. The quota is
/// set so it runs out during the run (a simulator of its own whose day quota is Q and which refuses past it with 403,
/// as the portal does; 3 requests are spent first so the team's licence is known). Checked: no deadlock (every process
/// ends within <see cref="EndBound"/> of its time), no lost item (every row fed has an output, and the store holds one
/// task item per row: done for each result, pending for each row not requested), nothing past the quota (sent ≤ what
/// the quota left, refused by the portal = 0).
/// </summary>
public sealed class TeamQuotaScenario : IScenario
{
    private const int Processes = 8;
    private const int SpentBefore = 3;
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan EndBound = TimeSpan.FromSeconds(60);

    public int Number => 9;

    public string Name => "Team quota";

    public async Task RunAsync(BenchmarkContext context, ScenarioResult result, CancellationToken cancellationToken)
    {
        var seconds = context.Sizes.TeamQuotaSeconds;
        var quota = context.Sizes.TeamQuotaDayQuota;
        var left = quota - SpentBefore;
        var batchSize = context.Sizes.TeamQuotaBatch;
        result.Size = $"{Processes} processes for {seconds:0} s, fresh indicators in batches of {batchSize}, ThrottleLimit {TeamQuotaChild.Throttle} each, " +
                      $"{Latency.TotalMilliseconds:0} ms latency; day quota {quota:N0}, {left:N0} left; one team store";
        result.Goal = $"every process ends within {EndBound.TotalSeconds:0} s of its time; every row fed has a result or a pending item; sent ≤ {left:N0} left, 0 refused";
        if (TeamStoreServer.SkipReason is { } skip)
        {
            result.Figure = skip;
            result.Details.Add(skip);
            return;
        }
        TeamStoreServer.Require();

        var work = context.NewHome("team-quota");
        await using var simulator = await TipSimulator.StartAsync(new TipSimulatorOptions
        {
            Port = 0,
            StateDirectory = Path.Combine(work, "simulator"),
            DayQuota = quota,
            Latency = Latency,
        }, cancellationToken);
        var connection = SimulatorConnection.From(simulator);
        var home = context.NewConfiguredHome("team-quota-home", connection, TeamQuotaChild.Throttle);
        var database = context.TeamStore.CreateDatabase("teamquota");

        // The team learns the licence from its first answers: 3 requests through the store before the run.
        int warmTask;
        using (var warm = new CoreLookupHost(context.CopyHome(home, "team-quota-warm"), context.TeamStore.LoginFor(database, "bench_quota_warm", "MAIN")))
        {
            var (outputs, session) = warm.Run(IndicatorGenerator.CanonicalRange(SpentBefore, 119), TeamQuotaChild.Throttle, TimeSpan.FromMinutes(1));
            using (session)
            {
                if (outputs.Count(o => o.Outcome == LookupOutcome.Result) != SpentBefore) throw new BenchmarkException("The warm-up lookups did not all give results.");
                warmTask = session.Task?.Id ?? 0;
            }
        }
        var mark = simulator.ReadRequestLog().Count;
        var commitsBefore = Commits(context, database);

        var barrier = context.NewHome("team-quota-barrier");
        var timeout = TimeSpan.FromSeconds(seconds) + EndBound + TimeSpan.FromMinutes(2);
        var runs = new List<Task<(ChildOutput Output, TimeSpan Wall)>>();
        for (var p = 0; p < Processes; p++)
        {
            var environment = new Dictionary<string, string>
            {
                [EngineSession.HomeVariable] = context.CopyHome(home, "team-quota-" + p),
                [TeamChildSupport.StoreVariable] = context.TeamStore.LoginFor(database, "bench_quota_" + p, "MAIN"),
            };
            var args = new[] { TeamQuotaChild.Name, barrier, Processes.ToString(), p.ToString(), seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), batchSize.ToString() };
            runs.Add(Timed(ChildProcessRunner.RunAsync(args, environment, timeout)));
        }
        var finished = await Task.WhenAll(runs);
        var commits = Commits(context, database) - commitsBefore;
        var figures = finished.Select(f => f.Output).ToArray();

        var requests = simulator.ReadRequestLog().Skip(mark).ToList();
        var sent = requests.Count;
        var refused = requests.Count(r => r.Status is 403 or 429);
        var fed = figures.Sum(f => (long)f["fed"]);
        var outputs_ = figures.Sum(f => (long)f["outputs"]);
        var results = figures.Sum(f => (long)f["results"]);
        var notRequested = figures.Sum(f => (long)f["notRequested"]);
        var errors = figures.Sum(f => (long)f["errors"]);
        var overrun = figures.Max(f => f["elapsedMs"]) / 1000 - seconds;

        // What the store holds for the run's tasks (the owner reads past row-level security; the warm-up task left out).
        var items = context.TeamStore.Scalar(database, $"SELECT count(*) FROM kumatip.task_items WHERE task_id <> {warmTask}");
        var done = context.TeamStore.Scalar(database, $"SELECT count(*) FROM kumatip.task_items WHERE task_id <> {warmTask} AND state = 'Done'");
        var pending = context.TeamStore.Scalar(database, $"SELECT count(*) FROM kumatip.task_items WHERE task_id <> {warmTask} AND state = 'Pending'");
        var failed = context.TeamStore.Scalar(database, $"SELECT count(*) FROM kumatip.task_items WHERE task_id <> {warmTask} AND state = 'Failed'");
        var tasks = context.TeamStore.Scalar(database, $"SELECT count(*) FROM kumatip.tasks WHERE id <> {warmTask}");
        var cached = context.TeamStore.Scalar(database, "SELECT count(*) FROM kumatip.results");
        var ledger = context.TeamStore.Scalar(database, "SELECT count(*) FROM kumatip.ledger");
        var reservations = context.TeamStore.Scalar(database, "SELECT count(*) FROM kumatip.quota_reservations");
        var claims = context.TeamStore.Scalar(database, "SELECT count(*) FROM kumatip.claims");

        var lost = (fed - outputs_) + Math.Abs(items - fed) + Math.Abs(done - results) + Math.Abs(pending - notRequested) + Math.Abs(failed - errors);
        var inBound = overrun <= EndBound.TotalSeconds;
        var ranOut = sent >= left;
        var answered = requests.Where(r => r.Status == 200).OrderBy(r => r.Time).ToList();
        var spentAt = ranOut && answered.Count > 0 && requests.Count > 0
            ? $"spent {(answered[^1].Time - requests.Min(r => r.Time)).TotalSeconds:0.0} s after the first request"
            : "not spent within the run";

        result.Met = inBound && lost == 0 && errors == 0 && sent <= left && refused == 0;
        result.Figure = $"{sent:N0} sent of {left:N0} left, {refused} refused (quota {spentAt}); {fed:N0} rows fed, {results:N0} results + {notRequested:N0} pending, " +
                        $"{lost} lost; last process ended {Math.Max(0, overrun):0.0} s after its time";
        result.Details.Add($"Requests by status: {(requests.Count == 0 ? "none" : RequestCounter.DescribeStatuses(requests))}.");
        if (requests.Count > 0) result.Details.Add(Timeline(requests, seconds));
        result.Details.Add($"Rows: {fed:N0} fed, {outputs_:N0} outputs ({results:N0} results, {notRequested:N0} not requested, {errors:N0} errors) in {figures.Sum(f => f["batches"]):N0} batches.");
        result.Details.Add($"Store afterwards (as the owner): {tasks:N0} tasks with {items:N0} items ({done:N0} done, {pending:N0} pending, {failed:N0} failed); " +
                           $"{cached:N0} cached answers and {ledger:N0} ledger rows (3 of each from the warm-up); {reservations:N0} quota reservations and {claims:N0} claims left.");
        result.Details.Add($"Transactions committed in the team store's database during the run: {commits:N0} ({commits / Math.Max(1, figures.Max(f => f["elapsedMs"]) / 1000):N0} per second; " +
                           "from pg_stat_database, all processes together: cache reads, tasks, items, claims, quota reservations and their polls, answer groups).");
        for (var p = 0; p < figures.Length; p++)
        {
            var f = figures[p];
            result.Details.Add($"Process {p + 1}: {f["fed"]:N0} fed in {f["batches"]:N0} batches ({f["shortBatches"]:0} short), {f["results"]:N0} results, {f["notRequested"]:N0} not requested, " +
                               $"{f["errors"]:N0} errors, {f["quotaStops"]:N0} batches stopped by the quota; slowest batch {f["slowestBatchMs"]:N0} ms; ended {f["elapsedMs"] / 1000 - seconds:0.0} s after its time " +
                               $"(process {finished[p].Wall.TotalSeconds:0.0} s in all)." + (f.Line("first error:") is { } e ? " First error: " + e : ""));
        }
    }

    /// <summary>Answers per tenth of the run, from the first request: when the quota ran out, and whether sending stalled before.</summary>
    private static string Timeline(IReadOnlyList<SimulatorRequestLogEntry> requests, double seconds)
    {
        var start = requests.Min(r => r.Time);
        var step = seconds / 10;
        var buckets = new int[10];
        var later = 0;
        foreach (var r in requests)
        {
            var at = (r.Time - start).TotalSeconds;
            if (at >= seconds) later++;
            else buckets[(int)(at / step)]++;
        }
        return $"Answers per {step:0.#} s from the first request: {string.Join(" · ", buckets)}" + (later > 0 ? $", then {later} after {seconds:0} s" : "") +
               $"; the last at {(requests.Max(r => r.Time) - start).TotalSeconds:0.0} s.";
    }

    /// <summary>Transactions committed in <paramref name="database"/> so far (the statistics of ended sessions are in).</summary>
    private static long Commits(BenchmarkContext context, string database)
    {
        Thread.Sleep(500); // sessions flush their statistics when they end, or within a second
        return context.TeamStore.Scalar(database, "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()");
    }

    private static async Task<(ChildOutput, TimeSpan)> Timed(Task<ChildOutput> child)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var output = await child;
        return (output, watch.Elapsed);
    }
}
