using KumaTip.Benchmarks.Infrastructure;

namespace KumaTip.Benchmarks.Scenarios;

/// <summary>
/// (1) Rows where half are other spellings of the other half and a fifth of the unique indicators are already
/// cached: requests ÷ unique uncached indicators must be exactly 1.00.
/// </summary>
public sealed class QuotaEfficiencyScenario : IScenario
{
    private const int Block = 1;

    public int Number => 1;

    public string Name => "Quota efficiency";

    public Task RunAsync(BenchmarkContext context, ScenarioResult result, CancellationToken cancellationToken)
    {
        var rows = context.Sizes.QuotaRows;
        var unique = rows / 2;
        var cached = unique / 5;
        var expected = unique - cached;
        result.Size = $"{rows:N0} rows: {unique:N0} unique, each twice (second spelling: case or defanged), {cached:N0} cached beforehand";
        result.Goal = "requests ÷ unique uncached = 1.00 exactly";

        context.SetLatency(TimeSpan.Zero);
        using var session = context.NewSession("quota");
        var canonical = IndicatorGenerator.CanonicalRange(unique, Block);

        var warmMark = context.Requests.Mark();
        session.RunStrict("$args[0] | Invoke-TipLookup | Out-Null", (object)canonical[..cached]);
        var warmRequests = context.Requests.Since(warmMark).Count;

        // Every indicator twice, differently spelled, in a shuffled order like a merged export.
        var input = new List<string>(rows);
        for (var i = 0; i < unique; i++)
        {
            input.Add(canonical[i]);
            input.Add(IndicatorGenerator.OtherSpelling(i, Block));
        }
        var random = new Random(7);
        var shuffled = input.OrderBy(_ => random.Next()).ToArray();

        var mark = context.Requests.Mark();
        var meter = ResourceMeter.Start();
        var run = session.Run("$args[0] | Invoke-TipLookup", (object)shuffled);
        var use = meter.Stop();
        var requests = context.Requests.Since(mark);

        var ratio = (double)requests.Count / expected;
        result.Figure = $"{requests.Count:N0} requests ÷ {expected:N0} unique uncached = {ratio:0.00}";
        result.Met = requests.Count == expected && run.Errors.Count == 0;
        result.Details.Add($"Warm-up: {cached:N0} indicators looked up first, {warmRequests:N0} requests.");
        result.Details.Add($"Measured run: {shuffled.Length:N0} rows in, {run.Output.Count:N0} results out " +
                           $"({LookupOutput.CountFromCache(run.Output):N0} from the cache), {run.Errors.Count:N0} errors.");
        result.Details.Add($"Requests by status: {RequestCounter.DescribeStatuses(requests)}.");
        var distinctValues = requests.Select(r => r.Endpoint + " " + r.Value).Distinct().Count();
        if (distinctValues != requests.Count)
            result.Details.Add($"{requests.Count - distinctValues:N0} requests repeated a value already requested in this run (retries or missed de-duplication).");
        if (run.Output.Count != rows)
            result.Details.Add($"Cardinality: expected one result per row ({rows:N0}), got {run.Output.Count:N0}.");
        if (run.Errors.Count > 0) result.Details.Add("Errors: " + run.DescribeErrors());
        result.Details.Add("Cost: " + use.Describe(rows) + ".");
        return Task.CompletedTask;
    }
}
