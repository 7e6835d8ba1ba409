using KumaTip.Simulator;

namespace KumaTip.Pester.Tests;

/// <summary>
/// The portal stand-in for one Pester file: real HTTPS with a client certificate, its own state folder (ca.pem,
/// client.pfx, account.json, requests.jsonl) and a quota no test reaches unless it means to.
/// </summary>
public sealed class SimulatorFixture : IAsyncDisposable
{
    private readonly TipSimulator _simulator;

    private SimulatorFixture(TipSimulator simulator) => _simulator = simulator;

    public string StateDirectory => _simulator.StateDirectory;

    public string Endpoint => _simulator.BaseAddress.ToString().TrimEnd('/');

    public string RequestLogPath => _simulator.RequestLogPath;

    /// <summary>The OpenTIP stand-in's base address (its key is in opentip.json in the state directory).</summary>
    public string OpenTipEndpoint => _simulator.OpenTipBaseAddress.ToString().TrimEnd('/');

    /// <param name="dayQuota">The account's day quota; a test file asks for a small one with a first line
    /// <c># Simulator: DayQuota=40</c> (see <see cref="DayQuotaFor"/>).</param>
    public static async Task<SimulatorFixture> StartAsync(int dayQuota = 100_000)
    {
        var options = new TipSimulatorOptions
        {
            StateDirectory = Directory.CreateTempSubdirectory("kumatip-pester-sim-").FullName,
            DayQuota = dayQuota,
            SlowLatency = TimeSpan.FromSeconds(2), // values named sim-slow-*: tasks long enough to stop
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return new SimulatorFixture(await TipSimulator.StartAsync(options, timeout.Token));
    }

    /// <summary>The day quota a test file asks for in its first line (<c># Simulator: DayQuota=N</c>), else the default.</summary>
    public static int DayQuotaFor(string testPath)
    {
        var first = File.ReadLines(testPath).FirstOrDefault() ?? "";
        var match = System.Text.RegularExpressions.Regex.Match(first, @"^#\s*Simulator:\s*DayQuota=(\d+)");
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 100_000;
    }

    public async ValueTask DisposeAsync()
    {
        var state = StateDirectory;
        await _simulator.DisposeAsync();
        try { Directory.Delete(state, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
