using KumaTip.Simulator;

namespace KumaTip.PowerShell.Tests.Infrastructure;

/// <summary>
/// An in-process simulator (port 0, temp state folder) for engine tests, and the two commands a user runs to point
/// KumaTip at it: New-TipSecret with its account and client.pfx, Set-TipSettings with its endpoint and ca.pem.
/// </summary>
public sealed class SimulatorHost : IAsyncLifetime
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "kumatip-sim-" + Guid.NewGuid().ToString("N"));
    private readonly Action<TipSimulatorOptions>? _configure;

    public SimulatorHost() { }

    /// <summary>A simulator with options of its own (quota, clock), for a test to start and dispose itself.</summary>
    public static async Task<SimulatorHost> StartAsync(Action<TipSimulatorOptions> configure)
    {
        var host = new SimulatorHost(configure);
        await host.InitializeAsync();
        return host;
    }

    private SimulatorHost(Action<TipSimulatorOptions> configure) => _configure = configure;

    public TipSimulator Simulator { get; private set; } = null!;

    /// <summary>Called as each request arrives (before any delay): tests await "in flight" with it.</summary>
    public event Action<string>? RequestReceived;

    public async Task InitializeAsync()
    {
        var options = new TipSimulatorOptions
        {
            StateDirectory = _state,
            DayQuota = 100_000,
            SlowLatency = TimeSpan.FromMilliseconds(50),
            RequestReceived = target => RequestReceived?.Invoke(target),
        };
        _configure?.Invoke(options);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Simulator = await TipSimulator.StartAsync(options, timeout.Token);
    }

    /// <summary>Stores the simulator's account as secret 'sim' in <paramref name="host"/>'s data directory and points the connection at it.</summary>
    public void Configure(ModuleHost host, string tenant = "Main")
    {
        var account = Simulator.Account;
        host.Run("New-TipSecret -Name sim -Tenant $args[0] -Credential $args[1] -CertificatePath $args[2] -CertificatePassword $args[3]",
            tenant, TestSecrets.Credential(account.User, account.Password), Simulator.ClientPfxPath, TestSecrets.Secure(account.PfxPassword)).AssertNoErrors();
        host.Run("Set-TipSettings -Tenant $args[0] -Secret sim -Endpoint $args[1] -TrustedCaPath $args[2]",
            tenant, Simulator.BaseAddress, Simulator.CaPemPath).AssertNoErrors();
    }

    /// <summary>Logged requests for <paramref name="value"/> (any endpoint), as the simulator normalizes it.</summary>
    public IReadOnlyList<SimulatorRequestLogEntry> RequestsFor(string value)
        => Simulator.ReadRequestLog().Where(e => string.Equals(e.Value, value, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>Logged requests whose value contains <paramref name="marker"/>.</summary>
    public IReadOnlyList<SimulatorRequestLogEntry> RequestsWith(string marker)
        => Simulator.ReadRequestLog().Where(e => e.Value.Contains(marker, StringComparison.OrdinalIgnoreCase)).ToList();

    public async Task DisposeAsync()
    {
        await Simulator.DisposeAsync();
        try { Directory.Delete(_state, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
