using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using KumaTip.Benchmarks.Infrastructure;

namespace KumaTip.Benchmarks.Children;

/// <summary>Child process for scenario 5: stream rows through -PassThru enrichment and report this process's peak.</summary>
public static class MemoryChild
{
    public const string Name = "memory";
    public const string Lookup = "lookup";
    public const string Baseline = "baseline";

    public static int Run(int rows, int unique, string mode)
    {
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddCommand("Import-Module").AddParameter("Name", RepositoryPaths.StagedModule).AddParameter("ErrorAction", "Stop").Invoke();
        ps.Commands.Clear();

        // Counting in the script keeps nothing alive: each enriched row is dropped once counted.
        var enrich = mode == Lookup ? "Invoke-TipLookup -Property IOC -PassThru" : "ForEach-Object { $_ }";
        ps.AddScript($$"""
            $watch = $args[1]
            $args[0] | {{enrich}} | ForEach-Object -Begin { $count = 0; $errors = 0; $first = -1 } -Process {
                if ($count -eq 0) { $first = $watch.Elapsed.TotalMilliseconds }
                $count++
                if ($null -ne $_.PSObject.Properties['TipError'] -and $null -ne $_.TipError) { $errors++ }
            } -End { $count; $errors; $first }
            """);
        var watch = new Stopwatch();
        ps.AddArgument(RowSource.Create(rows, unique)).AddArgument(watch);

        var meter = ResourceMeter.Start();
        watch.Start();
        var output = ps.Invoke();
        var use = meter.Stop();
        if (ps.HadErrors && ps.Streams.Error.Count > 0)
        {
            Console.Error.WriteLine($"{ps.Streams.Error.Count} errors; first: {ps.Streams.Error[0]}");
        }
        if (output.Count != 3)
        {
            Console.Error.WriteLine("The pipeline did not finish: " + string.Join("; ", ps.Streams.Error.Take(3).Select(e => e.ToString())));
            return 1;
        }

        using var self = Process.GetCurrentProcess();
        self.Refresh();
        ChildResult.Print(new Dictionary<string, double>
        {
            ["output"] = Convert.ToDouble(output[0].BaseObject),
            ["errors"] = Convert.ToDouble(output[1].BaseObject) + ps.Streams.Error.Count,
            ["firstMs"] = Convert.ToDouble(output[2].BaseObject),
            ["elapsedMs"] = use.Wall.TotalMilliseconds,
            ["cpuMs"] = use.Cpu.TotalMilliseconds,
            ["allocatedMB"] = use.AllocatedBytes / 1048576.0,
            ["gen0"] = use.Gen0,
            ["gen1"] = use.Gen1,
            ["gen2"] = use.Gen2,
            ["heapMB"] = GC.GetTotalMemory(forceFullCollection: false) / 1048576.0,
            ["peakMB"] = self.PeakWorkingSet64 / 1048576.0,
        });
        return 0;
    }
}
