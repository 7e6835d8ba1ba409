using System.Diagnostics;
using KumaTip.Benchmarks.Infrastructure;
using KumaTip.Core.Lookups;

namespace KumaTip.Benchmarks.Children;

/// <summary>
/// Child process for scenario 9: one of several processes on one team store and one quota, feeding fresh indicators
/// (never asked for before, by anyone) in batches, one after another, until its time is up. Each batch is one task;
/// every row must get an output: a result, or "not requested" with its item left pending in the task.
/// </summary>
public static class TeamQuotaChild
{
    public const string Name = "team-quota";
    public const int Throttle = 4;

    /// <summary>Party <paramref name="party"/>'s block: its indicators differ from every other party's (IPv4 first octet 30 + block &lt; 256).</summary>
    public static int BlockOf(int party) => 120 + party;

    public static int Run(string barrier, int parties, int party, double seconds, int batchSize)
    {
        using var host = new CoreLookupHost(TeamChildSupport.Home(), TeamChildSupport.Store());
        host.Service.GetTasks();
        TeamChildSupport.WaitForAll(barrier, parties, party);
        var watch = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        var block = BlockOf(party);
        int next = 0, batches = 0, outputsCount = 0, results = 0, notRequested = 0, errors = 0, short_ = 0, quotaStops = 0;
        double slowestBatchMs = 0;
        var tasks = new List<int>();
        while (watch.Elapsed < deadline)
        {
            var values = new string[batchSize];
            for (var i = 0; i < batchSize; i++) values[i] = IndicatorGenerator.Canonical(next++, block);
            var started = watch.Elapsed;
            var (outputs, session) = host.Run(values, Throttle, TimeSpan.FromMinutes(3));
            using (session)
            {
                slowestBatchMs = Math.Max(slowestBatchMs, (watch.Elapsed - started).TotalMilliseconds);
                batches++;
                outputsCount += outputs.Count;
                if (outputs.Count != batchSize) short_++;
                results += outputs.Count(o => o.Outcome == LookupOutcome.Result);
                notRequested += outputs.Count(o => o.Outcome == LookupOutcome.NotRequested);
                var failed = outputs.Where(o => o.Outcome == LookupOutcome.Error).ToList();
                if (failed.Count > 0 && errors == 0) Console.Out.WriteLine($"first error: {failed[0].Request.Value}: {failed[0].Error?.Message}");
                errors += failed.Count;
                if (session.StopReason == LookupStopReason.QuotaSpent) quotaStops++;
                if (session.Task != null) tasks.Add(session.Task.Id);
            }
        }
        Console.Out.WriteLine("tasks: " + string.Join(',', tasks));
        ChildResult.Print(new Dictionary<string, double>
        {
            ["fed"] = next,
            ["batches"] = batches,
            ["outputs"] = outputsCount,
            ["shortBatches"] = short_,
            ["results"] = results,
            ["notRequested"] = notRequested,
            ["errors"] = errors,
            ["quotaStops"] = quotaStops,
            ["tasks"] = tasks.Count,
            ["slowestBatchMs"] = slowestBatchMs,
            ["elapsedMs"] = watch.Elapsed.TotalMilliseconds,
        });
        return 0;
    }
}
