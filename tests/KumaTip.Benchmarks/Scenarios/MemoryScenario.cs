using KumaTip.Benchmarks.Children;
using KumaTip.Benchmarks.Infrastructure;

namespace KumaTip.Benchmarks.Scenarios;

/// <summary>
/// (5) Rows generated lazily and streamed through <c>Invoke-TipLookup -Property IOC -PassThru</c> in a child process:
/// that process's peak working set. A baseline child streams the same rows without the module.
/// </summary>
public sealed class MemoryScenario : IScenario
{
    public int Number => 5;

    public string Name => "Memory";

    public async Task RunAsync(BenchmarkContext context, ScenarioResult result, CancellationToken cancellationToken)
    {
        var rows = context.Sizes.MemoryRows;
        var unique = context.Sizes.MemoryUnique;
        var runs = context.Sizes.MemoryRuns;
        result.Size = $"{rows:N0} CSV-like rows ({unique:N0} distinct indicators, two spellings each) streamed through -PassThru enrichment" +
                      (runs > 1 ? $", median of {runs} processes" : "");
        result.Goal = "peak working set ≤ 250 MB";

        context.SetLatency(TimeSpan.Zero);
        var timeout = TimeSpan.FromMinutes(20);

        var baseline = await ChildProcessRunner.RunAsync(
            new[] { MemoryChild.Name, rows.ToString(), unique.ToString(), MemoryChild.Baseline }, HomeFor(context), timeout);
        result.Details.Add($"Baseline child (same rows into ForEach-Object, no module call): peak working set {baseline["peakMB"]:N0} MB, " +
                           $"{baseline["elapsedMs"] / 1000:0.0} s, GC gen0/1/2 {baseline["gen0"]:N0}/{baseline["gen1"]:N0}/{baseline["gen2"]:N0}.");

        // The peak of one process depends on when its GC last ran a full collection (0-60 MB of garbage either way), so
        // the same work runs in several processes, each with a data directory of its own (each pays for its requests).
        var peaks = new List<double>();
        var complete = true;
        for (var run = 1; run <= runs; run++)
        {
            var mark = context.Requests.Mark();
            var child = await ChildProcessRunner.RunAsync(
                new[] { MemoryChild.Name, rows.ToString(), unique.ToString(), MemoryChild.Lookup }, HomeFor(context), timeout);
            var requests = context.Requests.Since(mark).Count;
            peaks.Add(child["peakMB"]);
            complete &= child["output"] == rows && child["errors"] == 0;
            result.Details.Add($"Enrichment child {run}: peak working set {child["peakMB"]:N0} MB; {child["output"]:N0} rows out of {rows:N0}, " +
                               $"{child["errors"]:N0} with TipError, {requests:N0} requests, {child["elapsedMs"] / 1000:0.0} s ({rows / (child["elapsedMs"] / 1000):N0} rows/s), " +
                               $"CPU {child["cpuMs"] / 1000:0.0} s, allocated {child["allocatedMB"]:N0} MB, GC gen0/1/2 {child["gen0"]:N0}/{child["gen1"]:N0}/{child["gen2"]:N0}, " +
                               $"managed heap at end {child["heapMB"]:N0} MB; first result after {child["firstMs"]:N0} ms (results flow before the input ends).");
        }

        var median = Statistics.Median(peaks);
        result.Figure = runs > 1
            ? $"{median:N0} MB peak working set (median; {string.Join(", ", peaks.Select(p => p.ToString("N0")))})"
            : $"{median:N0} MB peak working set";
        result.Met = median <= 250 && complete;
    }

    private static Dictionary<string, string> HomeFor(BenchmarkContext context)
    {
        using var session = context.NewSession("memory");
        return new Dictionary<string, string> { [EngineSession.HomeVariable] = session.Home };
    }
}
