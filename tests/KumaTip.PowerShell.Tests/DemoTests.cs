using System.Collections;
using KumaTip.Demo;
using KumaTip.PowerShell.Tests.Infrastructure;

namespace KumaTip.PowerShell.Tests;

/// <summary>The newcomer's path: the demo's entry code, end to end against an in-process simulator.</summary>
[Collection(PowerShellCollection.Name)]
public sealed class DemoTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private readonly string _outDir = Path.Combine(Path.GetTempPath(), "kumatip-demo-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_outDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task Demo_enriches_the_sample_csv_and_writes_the_html_report_and_the_enriched_csv()
    {
        var output = new StringWriter();

        var exitCode = await DemoRunner.RunAsync(new DemoOptions { OutDir = _outDir, Latency = TimeSpan.Zero }, output).WaitAsync(Timeout);

        var text = output.ToString();
        Assert.True(exitCode == 0, "The demo failed:\n" + text);
        var report = Path.Combine(_outDir, "report.html");
        var enriched = Path.Combine(_outDir, "enriched.csv");
        Assert.Contains(report, text);
        Assert.Contains(enriched, text);
        Assert.Contains("dd.daywinners.com", File.ReadAllText(report));
        var csvLines = File.ReadAllLines(enriched);
        Assert.Contains("zone", csvLines[0], StringComparison.OrdinalIgnoreCase);
        Assert.Contains(csvLines, l => l.Contains("44d88612fea8a8f36de82e1278abb02f", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Demo_prints_tables_and_reports_the_invalid_row_without_stopping()
    {
        var output = new StringWriter();

        var exitCode = await DemoRunner.RunAsync(new DemoOptions { OutDir = _outDir, Latency = TimeSpan.Zero }, output).WaitAsync(Timeout);

        var text = output.ToString();
        Assert.True(exitCode == 0, "The demo failed:\n" + text);
        Assert.Contains("49 indicators read (10 defanged), 42 unique", text);
        Assert.Contains("Skipped: 'not an indicator!'", text);
        Assert.Contains("49 results, 49 from the cache", text);
        Assert.Matches(@"Indicator\s+Zone\s+Status\s+Categories", text);
        Assert.DoesNotContain("\u001b", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_script_runs_twice_in_one_data_directory()
    {
        await using var sim = await SimulatorHost.StartAsync(_ => { });
        using var host = new ModuleHost();
        var parameters = new Hashtable
        {
            ["CsvPath"] = Path.Combine(RepoPaths.Root, "samples", "iocs.csv"),
            ["SimulatorUrl"] = sim.Simulator.BaseAddress.ToString().TrimEnd('/'),
            ["CaPath"] = sim.Simulator.CaPemPath,
            ["PfxPath"] = sim.Simulator.ClientPfxPath,
            ["User"] = sim.Simulator.Account.User,
            ["Password"] = sim.Simulator.Account.Password,
            ["PfxPassword"] = sim.Simulator.Account.PfxPassword,
            ["OutDir"] = _outDir,
        };
        const string RunScript = "$script, $parts = $args; & $script @parts";
        var script = Path.Combine(RepoPaths.Root, "samples", "enrich-iocs.ps1");

        host.Run(RunScript, script, parameters).AssertNoErrors();
        host.Run(RunScript, script, parameters).AssertNoErrors();

        Assert.True(File.Exists(Path.Combine(_outDir, "report.html")));
        Assert.Single(host.Run("Get-TipSecret").AssertNoErrors().Output);
    }

    [Fact]
    public async Task Demo_exits_non_zero_with_a_clear_message_when_the_input_is_missing()
    {
        var output = new StringWriter();
        var missing = Path.Combine(_outDir, "no-such.csv");

        var exitCode = await DemoRunner.RunAsync(new DemoOptions { OutDir = _outDir, CsvPath = missing }, output).WaitAsync(Timeout);

        Assert.Equal(1, exitCode);
        Assert.Contains("Demo failed: The indicator file is missing. Expected: " + missing, output.ToString());
        Assert.False(Directory.Exists(_outDir) && File.Exists(Path.Combine(_outDir, "report.html")));
    }
}
