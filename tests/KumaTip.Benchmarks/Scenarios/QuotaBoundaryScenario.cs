using KumaTip.Benchmarks.Children;
using KumaTip.Benchmarks.Infrastructure;
using KumaTip.Simulator;

namespace KumaTip.Benchmarks.Scenarios;

/// <summary>
/// (6) Issue 14's quota boundary: ThrottleLimit 16, 37 requests left in the day quota, 500 unique indicators. Exactly
/// 37 must be sent and the portal must refuse none — in one process, and in two processes sharing one data directory
/// (each with half of the indicators, starting together). Each repetition has a simulator of its own whose quota is 40
/// and which refuses past it with 403, as the portal does; 3 requests are spent first, so the quota is known.
/// </summary>
public sealed class QuotaBoundaryScenario : IScenario
{
    private const int DayQuota = 40;
    private const int SpentBefore = 3;
    private const int Left = DayQuota - SpentBefore;
    private const int Unique = 500;
    private const int Throttle = 16;
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(20);

    public int Number => 6;

    public string Name => "Quota boundary";

    public async Task RunAsync(BenchmarkContext context, ScenarioResult result, CancellationToken cancellationToken)
    {
        var repetitions = context.Sizes.QuotaBoundaryRepetitions;
        result.Size = $"{Unique} unique indicators, {Left} requests left of {DayQuota}, ThrottleLimit {Throttle}, {Latency.TotalMilliseconds:0} ms latency; " +
                      $"{repetitions} repetition(s) in one process and {repetitions} in two processes on one data directory";
        result.Goal = $"exactly {Left} sent and 0 refused, every repetition";

        var one = new List<Outcome>();
        var two = new List<Outcome>();
        for (var i = 0; i < repetitions; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            one.Add(await RepeatAsync(context, processes: 1, i, cancellationToken));
            two.Add(await RepeatAsync(context, processes: 2, i, cancellationToken));
        }

        bool Held(Outcome o) => o.Sent == Left && o.Refused == 0 && o.Results == Left && o.Errors == 0;
        result.Met = one.All(Held) && two.All(Held);
        result.Figure = $"one process: {one.Count(Held)}/{repetitions} exact; two processes: {two.Count(Held)}/{repetitions} exact";
        result.Details.Add("One process, sent (refused) per repetition: " + Describe(one) + ".");
        result.Details.Add("Two processes, sent (refused) per repetition, with each process's results: " + Describe(two, split: true) + ".");
        result.Details.Add($"Lookup time, median: one process {Statistics.Median(one.Select(o => o.ElapsedMs)):N0} ms; " +
                           $"two processes (the slower of the pair) {Statistics.Median(two.Select(o => o.ElapsedMs)):N0} ms.");
        foreach (var o in one.Concat(two).Where(o => !Held(o)))
            result.Details.Add($"Repetition {o.Repetition + 1} ({o.Processes} process(es)): {o.Sent} sent, {o.Refused} refused, {o.Results} results, {o.Errors} errors.");
    }

    private static string Describe(IEnumerable<Outcome> outcomes, bool split = false) =>
        string.Join(", ", outcomes.Select(o => $"{o.Sent} ({o.Refused})" + (split ? " [" + string.Join("+", o.PerProcess) + "]" : "")));

    private static async Task<Outcome> RepeatAsync(BenchmarkContext context, int processes, int repetition, CancellationToken cancellationToken)
    {
        var work = Path.Combine(context.WorkDirectory, $"quota-boundary-{processes}p-{repetition}");
        await using var simulator = await TipSimulator.StartAsync(new TipSimulatorOptions
        {
            Port = 0,
            StateDirectory = Path.Combine(work, "simulator"),
            DayQuota = DayQuota,
            Latency = Latency,
        }, cancellationToken);
        var home = Path.Combine(work, "home");
        using (var session = new EngineSession(home))
        {
            session.Configure(SimulatorConnection.From(simulator), Throttle);
            session.RunStrict("$args[0] | Invoke-TipLookup | Out-Null", (object)IndicatorGenerator.CanonicalRange(SpentBefore, 200 + repetition));
        }
        var mark = simulator.ReadRequestLog().Count;
        var block = 100 + repetition; // IPv4 indicators start at 30 + block: below 256
        Outcome outcome;
        if (processes == 1)
        {
            using var session = new EngineSession(home);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var run = session.Run($"$args[0] | Invoke-TipLookup -ThrottleLimit {Throttle} -WarningAction SilentlyContinue -ErrorAction SilentlyContinue",
                (object)IndicatorGenerator.CanonicalRange(Unique, block));
            outcome = new Outcome(repetition, 1, run.Output.Count, run.Errors.Count, watch.Elapsed.TotalMilliseconds, new[] { run.Output.Count });
        }
        else
        {
            var barrier = Path.Combine(work, "barrier");
            Directory.CreateDirectory(barrier);
            var share = Unique / processes;
            var environment = new Dictionary<string, string> { [EngineSession.HomeVariable] = home };
            var children = Enumerable.Range(0, processes).Select(p => ChildProcessRunner.RunAsync(
                new[] { QuotaBoundaryChild.Name, barrier, processes.ToString(), p.ToString(), block.ToString(), (p * share).ToString(), share.ToString() },
                environment, TimeSpan.FromMinutes(5))).ToList();
            var figures = await Task.WhenAll(children);
            var results = figures.Select(f => (int)f["results"]).ToArray();
            outcome = new Outcome(repetition, processes, results.Sum(), figures.Sum(f => (int)f["errors"]), figures.Max(f => f["elapsedMs"]), results);
        }
        var requests = simulator.ReadRequestLog().Skip(mark).ToList();
        return outcome with { Sent = requests.Count, Refused = requests.Count(r => r.Status == 403) };
    }

    private sealed record Outcome(int Repetition, int Processes, int Results, int Errors, double ElapsedMs, int[] PerProcess)
    {
        public int Sent { get; init; }

        public int Refused { get; init; }
    }
}
