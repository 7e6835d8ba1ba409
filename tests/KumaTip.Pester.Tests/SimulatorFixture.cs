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

    public static async Task<SimulatorFixture> StartAsync()
    {
        var options = new TipSimulatorOptions
        {
            StateDirectory = Directory.CreateTempSubdirectory("kumatip-pester-sim-").FullName,
            DayQuota = 100_000,
            SlowLatency = TimeSpan.FromSeconds(2), // values named sim-slow-*: tasks long enough to stop
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return new SimulatorFixture(await TipSimulator.StartAsync(options, timeout.Token));
    }

    public async ValueTask DisposeAsync()
    {
        var state = StateDirectory;
        await _simulator.DisposeAsync();
        try { Directory.Delete(state, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
