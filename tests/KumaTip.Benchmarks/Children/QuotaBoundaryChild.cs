using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using KumaTip.Benchmarks.Infrastructure;

namespace KumaTip.Benchmarks.Children;

/// <summary>
/// Child process for scenario 6: one of several processes on one data directory (KUMATIP_HOME), each looking up its
/// own share of the indicators against the same nearly spent quota. The processes start their lookups together: each
/// writes a ready file and waits until every party has, so their requests are on the wire at the same time.
/// </summary>
public static class QuotaBoundaryChild
{
    public const string Name = "quota-boundary";

    public static int Run(string barrier, int parties, int party, int block, int from, int count)
    {
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddCommand("Import-Module").AddParameter("Name", RepositoryPaths.StagedModule).AddParameter("ErrorAction", "Stop").Invoke();
        ps.Commands.Clear();

        File.WriteAllText(Path.Combine(barrier, "ready-" + party), "");
        var deadline = Stopwatch.StartNew();
        while (Directory.GetFiles(barrier, "ready-*").Length < parties)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(2)) throw new InvalidOperationException("The other processes never became ready.");
            Thread.Sleep(5);
        }

        var values = IndicatorGenerator.CanonicalRange(from + count, block)[from..];
        ps.AddScript("$args[0] | Invoke-TipLookup -ThrottleLimit 16 -WarningAction SilentlyContinue -ErrorAction SilentlyContinue").AddArgument(values);
        var watch = Stopwatch.StartNew();
        var output = ps.Invoke();
        ChildResult.Print(new Dictionary<string, double>
        {
            ["results"] = output.Count,
            ["errors"] = ps.Streams.Error.Count,
            ["elapsedMs"] = watch.Elapsed.TotalMilliseconds,
        });
        return 0;
    }
}
