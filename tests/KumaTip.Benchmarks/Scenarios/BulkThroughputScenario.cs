using System.Diagnostics;
using KumaTip.Benchmarks.Infrastructure;

namespace KumaTip.Benchmarks.Scenarios;

/// <summary>
/// (2) Unique uncached indicators at 100 ms per request with ThrottleLimit 16: wall time against the ideal
/// (n × latency ÷ 16) and against a plain sequential HttpClient loop over the same rows (a sample, extrapolated).
/// </summary>
public sealed class BulkThroughputScenario : IScenario
{
    private const int Block = 2;

    public int Number => 2;

    public string Name => "Bulk throughput";

    public async Task RunAsync(BenchmarkContext context, ScenarioResult result, CancellationToken cancellationToken)
    {
        var n = context.Sizes.BulkUnique;
        var latency = BenchmarkSizes.BulkLatency;
        var throttle = BenchmarkSizes.BulkThrottleLimit;
        var ideal = TimeSpan.FromTicks(latency.Ticks * n / throttle);
        result.Size = $"{n:N0} unique uncached, {latency.TotalMilliseconds:0} ms latency, ThrottleLimit {throttle}";
        result.Goal = "ideal ÷ actual ≥ 0.90";

        using var session = context.NewSession("bulk", throttle);
        var values = IndicatorGenerator.CanonicalRange(n, Block);
        context.SetLatency(latency);
        try
        {
            var mark = context.Requests.Mark();
            var startedAt = DateTimeOffset.UtcNow;
            var meter = ResourceMeter.Start();
            var run = session.Run($"$args[0] | Invoke-TipLookup -ThrottleLimit {throttle}", (object)values);
            var use = meter.Stop();
            var endedAt = DateTimeOffset.UtcNow;
            var requests = context.Requests.Since(mark);

            var ratio = ideal / use.Wall;
            result.Figure = $"{use.Wall.TotalSeconds:0.00} s vs ideal {ideal.TotalSeconds:0.00} s: ratio {ratio:0.00}";
            result.Met = ratio >= 0.9 && run.Errors.Count == 0 && run.Output.Count == n && requests.Count == n;
            result.Details.Add($"{n:N0} indicators in, {run.Output.Count:N0} results out, {requests.Count:N0} requests ({RequestCounter.DescribeStatuses(requests)}), {run.Errors.Count:N0} errors.");
            result.Details.Add($"Effective concurrency: {requests.Count * latency.TotalSeconds / use.Wall.TotalSeconds:0.0} requests in flight on average (limit {throttle}).");
            // With a constant latency a full window refills in waves; what exceeds the ideal is the refill gap.
            var waves = (double)n / throttle;
            result.Details.Add($"Over the ideal: {(use.Wall - ideal).TotalMilliseconds:N0} ms in all, {(use.Wall - ideal).TotalMilliseconds / waves:0.0} ms per wave of {throttle} " +
                               $"(from an answer to the next request in its slot, plus start-up and tail).");
            result.Details.Add(ConcurrencyProfile.Describe(requests, latency, startedAt, endedAt, throttle));
            result.Details.Add("Cost (this process, which also hosts the simulator): " + use.Describe(n) + ".");
            if (run.Errors.Count > 0) result.Details.Add("Errors: " + run.DescribeErrors());

            // The loop users write today, over the first rows of the same list.
            var sample = Math.Min(context.Sizes.NaiveSample, n);
            using var naive = new NaiveLoopClient(context.Connection);
            var watch = Stopwatch.StartNew();
            var ok = 0;
            for (var i = 0; i < sample; i++)
            {
                var status = await naive.LookupAsync(IndicatorGenerator.Endpoint(i), values[i], cancellationToken);
                if (status is 200 or 404) ok++;
            }
            watch.Stop();
            var perRow = watch.Elapsed / sample;
            var extrapolated = perRow * n;
            result.Figure += $"; {extrapolated / use.Wall:0.0}× faster than a sequential loop";
            result.Details.Add($"Sequential HttpClient loop: {sample:N0} rows took {watch.Elapsed.TotalSeconds:0.00} s ({perRow.TotalMilliseconds:0} ms per row, {ok} answered 200/404); " +
                               $"extrapolated linearly to {n:N0} rows: {extrapolated.TotalSeconds:0.0} s" +
                               (sample == n ? " (measured on every row)." : $" (measured on a {sample:N0}-row sample, × {(double)n / sample:0.#})."));
        }
        finally
        {
            context.SetLatency(TimeSpan.Zero);
        }
    }
}
