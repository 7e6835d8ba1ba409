using System.Diagnostics;
using KumaTip.Benchmarks.Infrastructure;
using KumaTip.Core.Lookups;

namespace KumaTip.Benchmarks.Children;

/// <summary>
/// Child process for scenario 8: one of several processes (each its own data directory and login role) looking up its
/// rows on one team store. Every other row is one of the shared indicators, which every party asks for in the same
/// order at the same time; the rows between are this party's own (<see cref="Rows"/>).
/// </summary>
public static class TeamOverlapChild
{
    public const string Name = "team-overlap";
    public const int Block = 8;
    public const int Throttle = 16;

    /// <summary>Party <paramref name="party"/>'s rows: even rows the shared indicators 0…rows/2−1, odd rows its own.</summary>
    public static string[] Rows(int parties, int party, int rows)
    {
        var shared = rows / 2;
        var own = rows - shared;
        var values = new string[rows];
        for (var i = 0; i < rows; i++)
            values[i] = i % 2 == 0 ? IndicatorGenerator.Canonical(i / 2, Block) : IndicatorGenerator.Canonical(shared + party * own + i / 2, Block);
        return values;
    }

    /// <summary>The indicators of all parties together: the shared half once, every party's own half.</summary>
    public static int Unique(int parties, int rows) => rows / 2 + parties * (rows - rows / 2);

    public static int Run(string barrier, int parties, int party, int rows)
    {
        using var host = new CoreLookupHost(TeamChildSupport.Home(), TeamChildSupport.Store());
        var values = Rows(parties, party, rows);
        // Open the store before the start line (connection pool, schema check), as a session that already ran would.
        host.Service.GetTasks();
        TeamChildSupport.WaitForAll(barrier, parties, party);
        var watch = Stopwatch.StartNew();
        var (outputs, session) = host.Run(values, Throttle, TimeSpan.FromMinutes(10));
        var elapsed = watch.Elapsed.TotalMilliseconds;
        using (session)
        {
            if (outputs.Count != rows) Console.Error.WriteLine($"{outputs.Count} outputs for {rows} rows.");
            var errors = outputs.Where(o => o.Outcome != LookupOutcome.Result).ToList();
            foreach (var e in errors.Take(3)) Console.Out.WriteLine($"not a result: {e.Request.Value}: {e.Outcome} {e.Error?.Message ?? e.Reason}");
            ChildResult.Print(new Dictionary<string, double>
            {
                ["outputs"] = outputs.Count,
                ["results"] = outputs.Count(o => o.Outcome == LookupOutcome.Result),
                ["fromCache"] = outputs.Count(o => o.Outcome == LookupOutcome.Result && o.Result!.FromCache),
                ["errors"] = errors.Count,
                ["elapsedMs"] = elapsed,
                ["task"] = session.Task?.Id ?? 0,
            });
        }
        return 0;
    }
}
