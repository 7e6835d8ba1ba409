using System.Diagnostics;
using KumaTip.Benchmarks.Children;
using KumaTip.Benchmarks.Infrastructure;
using KumaTip.Benchmarks.Scenarios;
using KumaTip.Simulator;

namespace KumaTip.Benchmarks;

/// <summary>Runs the scenarios against one simulator and writes the markdown report; or, with --child, one child measurement.</summary>
public static class BenchmarkProgram
{
    private static readonly IScenario[] Scenarios =
    {
        new QuotaEfficiencyScenario(),
        new BulkThroughputScenario(),
        new CacheThroughputScenario(),
        new ImportTimeScenario(),
        new MemoryScenario(),
        new QuotaBoundaryScenario(),
        new TeamCacheThroughputScenario(),
        new TeamOverlapScenario(),
        new TeamQuotaScenario(),
    };

    public static async Task<int> MainAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args.Length > 0 && args[0] == "--child") return RunChild(args[1..]);

        BenchmarkOptions options;
        try
        {
            options = BenchmarkOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }
        if (!File.Exists(Path.Combine(RepositoryPaths.StagedModule, "KumaTip.psd1")))
        {
            Console.Error.WriteLine($"The module is not staged in {RepositoryPaths.StagedModule}. Build first: dotnet build KumaTip.sln -c Release");
            return 2;
        }

        var outPath = options.OutPath ?? (options.Profile == BenchmarkProfile.Full
            ? Path.Combine(RepositoryPaths.Root, "docs", "benchmarks.md")
            : Path.Combine(RepositoryPaths.Root, "out", $"benchmarks-{options.Profile.ToString().ToLowerInvariant()}.md"));
        var work = Path.Combine(Path.GetTempPath(), "kumatip-bench-" + Guid.NewGuid().ToString("N"));
        var previousHome = Environment.GetEnvironmentVariable(EngineSession.HomeVariable);
        var started = DateTimeOffset.UtcNow;
        var total = Stopwatch.StartNew();
        var results = new List<ScenarioResult>();
        using var teamStore = new TeamStoreServer();
        try
        {
            Console.WriteLine($"KumaTip benchmarks ({options.Profile.ToString().ToLowerInvariant()}) on {MachineInfo.Describe()}");
            await using var simulator = await TipSimulator.StartAsync(new TipSimulatorOptions
            {
                Port = 0,
                StateDirectory = Path.Combine(work, "simulator"),
                DayQuota = int.MaxValue,
                Latency = TimeSpan.Zero,
            });
            var context = new BenchmarkContext(options, simulator, work, Console.Out, teamStore);
            foreach (var scenario in Scenarios.Where(s => options.Runs(s.Number)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = new ScenarioResult(scenario.Number, scenario.Name);
                Console.WriteLine($"[{scenario.Number}] {scenario.Name}...");
                var watch = Stopwatch.StartNew();
                try
                {
                    await scenario.RunAsync(context, result, cancellationToken);
                }
                catch (Exception ex) when (ex is BenchmarkException or InvalidOperationException or IOException or HttpRequestException or
                                               System.Management.Automation.RuntimeException or KeyNotFoundException or
                                               KumaTip.Postgres.Testing.PostgresClusterException or Npgsql.NpgsqlException or KumaTip.Core.Storage.TipStorageException)
                {
                    result.Error = ex.Message;
                }
                results.Add(result);
                var mark = result.Error != null ? "ERROR " + result.Error : $"{result.Figure} (goal {result.Goal}) {(result.Met == true ? "met" : result.Met == false ? "MISSED" : "")}";
                Console.WriteLine($"    {mark}  [{watch.Elapsed.TotalSeconds:0.0} s]");
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(EngineSession.HomeVariable, previousHome);
            // The throwaway PostgreSQL goes before its scratch folder (its own folder is a temp folder of its own).
            teamStore.Dispose();
            try { Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(outPath)!);
        await File.WriteAllTextAsync(outPath, MarkdownReport.Render(options, results, started, total.Elapsed), cancellationToken);
        Console.WriteLine($"Wrote {outPath} ({total.Elapsed.TotalSeconds:0} s).");
        // Missed goals are findings, not failures; a scenario that could not run is a failure.
        return results.Any(r => r.Error != null) ? 1 : 0;
    }

    private static int RunChild(string[] args)
    {
        try
        {
            return args switch
            {
                [ImportTimeChild.Name, var module] => ImportTimeChild.Run(module),
                [MemoryChild.Name, var rows, var unique, var mode] => MemoryChild.Run(int.Parse(rows), int.Parse(unique), mode),
                [QuotaBoundaryChild.Name, var barrier, var parties, var party, var block, var from, var count] =>
                    QuotaBoundaryChild.Run(barrier, int.Parse(parties), int.Parse(party), int.Parse(block), int.Parse(from), int.Parse(count)),
                [TeamOverlapChild.Name, var barrier, var parties, var party, var rows] =>
                    TeamOverlapChild.Run(barrier, int.Parse(parties), int.Parse(party), int.Parse(rows)),
                [TeamQuotaChild.Name, var barrier, var parties, var party, var seconds, var batch] =>
                    TeamQuotaChild.Run(barrier, int.Parse(parties), int.Parse(party), double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture), int.Parse(batch)),
                _ => Unknown(args),
            };
        }
        catch (Exception ex) when (ex is System.Management.Automation.RuntimeException or InvalidOperationException or IOException or
                                       Npgsql.NpgsqlException or KumaTip.Core.Storage.TipStorageException)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }

    private static int Unknown(string[] args)
    {
        Console.Error.WriteLine("Unknown child arguments: " + string.Join(' ', args));
        return 2;
    }
}
