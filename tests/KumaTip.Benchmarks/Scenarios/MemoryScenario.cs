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
        result.Size = $"{rows:N0} CSV-like rows ({unique:N0} distinct indicators, two spellings each) streamed through -PassThru enrichment";
        result.Goal = "peak working set ≤ 250 MB";

        context.SetLatency(TimeSpan.Zero);
        string home;
        using (var session = context.NewSession("memory"))
        {
            home = session.Home;
        }
        var environment = new Dictionary<string, string> { [EngineSession.HomeVariable] = home };
        var timeout = TimeSpan.FromMinutes(20);

        var baseline = await ChildProcessRunner.RunAsync(
            new[] { MemoryChild.Name, rows.ToString(), unique.ToString(), MemoryChild.Baseline }, environment, timeout);
        result.Details.Add($"Baseline child (same rows into ForEach-Object, no module call): peak working set {baseline["peakMB"]:N0} MB, " +
                           $"{baseline["elapsedMs"] / 1000:0.0} s, GC gen0/1/2 {baseline["gen0"]:N0}/{baseline["gen1"]:N0}/{baseline["gen2"]:N0}.");

        var mark = context.Requests.Mark();
        var child = await ChildProcessRunner.RunAsync(
            new[] { MemoryChild.Name, rows.ToString(), unique.ToString(), MemoryChild.Lookup }, environment, timeout);
        var requests = context.Requests.Since(mark).Count;

        var peak = child["peakMB"];
        result.Figure = $"{peak:N0} MB peak working set";
        result.Met = peak <= 250 && child["output"] == rows && child["errors"] == 0;
        result.Details.Add($"Enrichment child: {child["output"]:N0} rows out of {rows:N0}, {child["errors"]:N0} with TipError, {requests:N0} requests, " +
                           $"{child["elapsedMs"] / 1000:0.0} s ({rows / (child["elapsedMs"] / 1000):N0} rows/s), CPU {child["cpuMs"] / 1000:0.0} s, " +
                           $"allocated {child["allocatedMB"]:N0} MB, GC gen0/1/2 {child["gen0"]:N0}/{child["gen1"]:N0}/{child["gen2"]:N0}, managed heap at end {child["heapMB"]:N0} MB.");
        result.Details.Add($"First result after {child["firstMs"]:N0} ms (streaming: results flow before the input ends).");
    }
}
