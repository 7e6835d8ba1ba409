using KumaTip.Benchmarks.Children;
using KumaTip.Benchmarks.Infrastructure;

namespace KumaTip.Benchmarks.Scenarios;

/// <summary>
/// (8) Issue 15: four processes, each with its own rows, half of which every other process asks for too, started
/// together against one team store and the simulator. Each indicator must be bought once across all of them:
/// requests (from the simulator's log) ÷ unique indicators across all processes = 1.00.
/// The overlap: of each process's R rows, the even ones are the same R/2 shared indicators in the same order in every
/// process (so all four reach each shared indicator at about the same moment: claims decide who buys), the odd ones
/// are its own. Unique = R/2 + 4 × R/2; with R = 2,000: 1,000 + 4,000 = 5,000 from 8,000 rows.
/// </summary>
public sealed class TeamOverlapScenario : IScenario
{
    private const int Processes = 4;
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(20);

    public int Number => 8;

    public string Name => "Team overlap";

    public async Task RunAsync(BenchmarkContext context, ScenarioResult result, CancellationToken cancellationToken)
    {
        var rows = context.Sizes.TeamOverlapRows;
        var unique = TeamOverlapChild.Unique(Processes, rows);
        result.Size = $"{Processes} processes × {rows:N0} rows, 50 % of each process's rows shared by all ({rows / 2:N0} shared + {Processes} × {rows - rows / 2:N0} own = " +
                      $"{unique:N0} unique), ThrottleLimit {TeamOverlapChild.Throttle} each, {Latency.TotalMilliseconds:0} ms latency, one team store";
        result.Goal = "requests ÷ unique indicators across all processes = 1.00, no errors";
        if (TeamStoreServer.SkipReason is { } skip)
        {
            result.Figure = skip;
            result.Details.Add(skip);
            return;
        }
        TeamStoreServer.Require();

        context.SetLatency(Latency);
        try
        {
            var home = context.NewConfiguredHome("team-overlap", context.Connection, TeamOverlapChild.Throttle);
            var database = context.TeamStore.CreateDatabase("teamoverlap");
            var barrier = Path.Combine(context.NewHome("team-overlap-barrier"));
            var children = new List<Task<ChildOutput>>();
            var mark = context.Requests.Mark();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            for (var p = 0; p < Processes; p++)
            {
                // Each process: its own data directory (secret, settings) and its own login role, like another analyst.
                var environment = new Dictionary<string, string>
                {
                    [EngineSession.HomeVariable] = context.CopyHome(home, "team-overlap-" + p),
                    [TeamChildSupport.StoreVariable] = context.TeamStore.LoginFor(database, "bench_overlap_" + p, "MAIN"),
                };
                children.Add(ChildProcessRunner.RunAsync(
                    new[] { TeamOverlapChild.Name, barrier, Processes.ToString(), p.ToString(), rows.ToString() }, environment, TimeSpan.FromMinutes(10)));
            }
            var figures = await Task.WhenAll(children);
            var spawnToEnd = watch.Elapsed;
            var requests = context.Requests.Since(mark);
            var distinct = requests.Select(r => r.Endpoint + "|" + r.Value).Distinct(StringComparer.Ordinal).Count();
            var wall = figures.Max(f => f["elapsedMs"]);
            var errors = figures.Sum(f => (int)f["errors"]);
            var results = figures.Sum(f => (int)f["results"]);
            var ratio = requests.Count / (double)unique;
            result.Figure = $"{requests.Count:N0} requests ÷ {unique:N0} unique = {ratio:0.00}; wall {wall / 1000:0.0} s";
            result.Met = requests.Count == unique && errors == 0 && results == Processes * rows;
            result.Details.Add($"Requests by status: {RequestCounter.DescribeStatuses(requests)}; distinct indicators requested {distinct:N0}.");
            result.Details.Add($"Wall time from the start line to the last process's last output: {wall:N0} ms (from starting the processes to their exit: {spawnToEnd.TotalMilliseconds:N0} ms).");
            for (var p = 0; p < figures.Length; p++)
            {
                var f = figures[p];
                result.Details.Add($"Process {p + 1}: {f["outputs"]:N0} outputs, {f["results"]:N0} results ({f["fromCache"]:N0} from the cache or another process's purchase), " +
                                   $"{f["errors"]:N0} not results, {f["elapsedMs"]:N0} ms, task {f["task"]:0}." +
                                   (f.Line("not a result:") is { } first ? " First: " + first : ""));
            }
            var claimsLeft = context.TeamStore.Scalar(database, "SELECT count(*) FROM kumatip.claims");
            var cached = context.TeamStore.Scalar(database, "SELECT count(*) FROM kumatip.results");
            var ledger = context.TeamStore.Scalar(database, "SELECT count(*) FROM kumatip.ledger");
            result.Details.Add($"In the store afterwards: {cached:N0} cached answers, {ledger:N0} ledger rows, {claimsLeft:N0} claims left.");
            if (requests.Count != distinct) result.Details.Add($"Bought twice: {requests.Count - distinct:N0} indicator(s).");
        }
        finally
        {
            context.SetLatency(TimeSpan.Zero);
        }
    }
}
