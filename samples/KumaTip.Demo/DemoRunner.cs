using KumaTip.Simulator;

namespace KumaTip.Demo;

/// <summary>
/// The whole demo: a TIP simulator on a free loopback port, a throw-away data directory, the staged module in a
/// hosted PowerShell 7.6 engine, and samples/enrich-iocs.ps1 against samples/iocs.csv. Returns the exit code.
/// </summary>
public static class DemoRunner
{
    public const string HomeVariable = "KUMATIP_HOME";

    public static async Task<int> RunAsync(DemoOptions options, TextWriter output, CancellationToken cancellationToken = default)
    {
        var work = Path.Combine(Path.GetTempPath(), "kumatip-demo-" + Guid.NewGuid().ToString("N"));
        try
        {
            var layout = options.Layout ?? RepositoryLayout.Find();
            var outDir = options.OutDir ?? layout.DefaultOutDir;
            var csv = options.CsvPath ?? layout.SampleCsv;
            RequireFile(Path.Combine(layout.StagedModule, "KumaTip.psd1"),
                "The module is not staged. Build it first: dotnet build KumaTip.sln (dotnet run --project samples/KumaTip.Demo does this).");
            RequireFile(layout.Script, "The demo script is missing.");
            RequireFile(csv, "The indicator file is missing.");

            output.WriteLine("KumaTip demo: enriching " + csv);
            output.WriteLine("Starting the TIP simulator (no licence needed, nothing leaves this machine)...");
            await using var simulator = await TipSimulator.StartAsync(new TipSimulatorOptions
            {
                Port = 0,
                StateDirectory = Path.Combine(work, "simulator"),
                DayQuota = 1000,
                Latency = options.Latency,
            });
            output.WriteLine($"Simulator listening on {simulator.BaseAddress} ({options.Latency.TotalMilliseconds:0} ms per request).");

            var parameters = new Dictionary<string, object>
            {
                ["CsvPath"] = csv,
                ["SimulatorUrl"] = simulator.BaseAddress.ToString().TrimEnd('/'),
                ["CaPath"] = simulator.CaPemPath,
                ["PfxPath"] = simulator.ClientPfxPath,
                ["User"] = simulator.Account.User,
                ["Password"] = simulator.Account.Password,
                ["PfxPassword"] = simulator.Account.PfxPassword,
                ["OutDir"] = outDir,
            };

            var home = Path.Combine(work, "home");
            Directory.CreateDirectory(home);
            var previousHome = Environment.GetEnvironmentVariable(HomeVariable);
            Environment.SetEnvironmentVariable(HomeVariable, home);
            try
            {
                var session = new DemoSession(layout.StagedModule, layout.Root, output,
                    plainText: !ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected);
                var failure = await Task.Run(() => session.RunScript(layout.Script, parameters), cancellationToken);
                if (failure != null)
                {
                    output.WriteLine();
                    output.WriteLine("Demo failed: " + failure);
                    return 1;
                }
            }
            finally
            {
                Environment.SetEnvironmentVariable(HomeVariable, previousHome);
            }

            var report = Path.Combine(outDir, "report.html");
            var enriched = Path.Combine(outDir, "enriched.csv");
            RequireFile(report, "The script finished but wrote no HTML report.");
            RequireFile(enriched, "The script finished but wrote no enriched CSV.");
            output.WriteLine();
            output.WriteLine("Done. Open the report in a browser:");
            output.WriteLine("  " + report);
            output.WriteLine("  " + enriched);
            return 0;
        }
        catch (DemoException ex)
        {
            output.WriteLine("Demo failed: " + ex.Message);
            return 1;
        }
        catch (OperationCanceledException)
        {
            output.WriteLine("Demo cancelled.");
            return 130;
        }
        finally
        {
            try { if (Directory.Exists(work)) Directory.Delete(work, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private static void RequireFile(string path, string what)
    {
        if (!File.Exists(path)) throw new DemoException($"{what} Expected: {path}");
    }
}
