using KumaTip.Simulator;

namespace KumaTip.Core.Tests.Simulator;

/// <summary>One in-process simulator (port 0, temp state folder) shared by a test class.</summary>
public sealed class SimulatorFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private readonly List<HttpClient> _clients = new();

    public TipSimulator Simulator { get; private set; } = null!;

    public static TipSimulatorOptions DefaultOptions(string directory) => new()
    {
        StateDirectory = directory,
        DayQuota = 100_000,
        SlowLatency = TimeSpan.FromMilliseconds(50),
    };

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Simulator = await TipSimulator.StartAsync(DefaultOptions(_directory.Path), timeout.Token);
    }

    /// <summary>A client for <paramref name="account"/> (default: the normal one) with the simulator's client certificate.</summary>
    public HttpClient Client(SimulatorAccount? account = null)
    {
        var client = SimulatorHttp.CreateClient(Simulator, account ?? Simulator.Account);
        lock (_clients) _clients.Add(client);
        return client;
    }

    public async Task DisposeAsync()
    {
        lock (_clients)
        {
            foreach (var c in _clients) c.Dispose();
        }

        await Simulator.DisposeAsync();
        _directory.Dispose();
    }
}
