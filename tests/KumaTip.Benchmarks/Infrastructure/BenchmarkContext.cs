using KumaTip.Simulator;

namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>What every scenario shares: options, sizes, the running simulator, its request log, a scratch folder.</summary>
public sealed class BenchmarkContext(BenchmarkOptions options, TipSimulator simulator, string workDirectory, TextWriter log, TeamStoreServer? teamStore = null)
{
    public BenchmarkOptions Options { get; } = options;

    public BenchmarkSizes Sizes { get; } = BenchmarkSizes.For(options.Profile);

    public TipSimulator Simulator { get; } = simulator;

    public SimulatorConnection Connection { get; } = SimulatorConnection.From(simulator);

    public RequestCounter Requests { get; } = new(simulator);

    public string WorkDirectory { get; } = workDirectory;

    public TextWriter Log { get; } = log;

    /// <summary>The team scenarios' PostgreSQL (started on first use, removed at the end of the run).</summary>
    public TeamStoreServer TeamStore { get; } = teamStore ?? new TeamStoreServer();

    /// <summary>A fresh data directory for one scenario.</summary>
    public string NewHome(string name)
    {
        var home = Path.Combine(WorkDirectory, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(home);
        return home;
    }

    /// <summary>
    /// A data directory holding a secret and settings for <paramref name="connection"/> (configured through the module,
    /// as a user would), for lookups through KumaTip.Core (<see cref="CoreLookupHost"/>); no engine stays open on it.
    /// </summary>
    public string NewConfiguredHome(string name, SimulatorConnection connection, int throttleLimit)
    {
        using var session = new EngineSession(NewHome(name));
        session.Configure(connection, throttleLimit);
        return session.Home;
    }

    /// <summary>A copy of a configured data directory: another user with the same secret and settings.</summary>
    public string CopyHome(string home, string name)
    {
        var copy = NewHome(name);
        foreach (var file in Directory.GetFiles(home, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(home, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(target, File.GetUnixFileMode(file));
        }
        return copy;
    }

    /// <summary>A fresh engine session whose connection points at the simulator.</summary>
    public EngineSession NewSession(string name, int throttleLimit = BenchmarkSizes.BulkThrottleLimit)
    {
        var session = new EngineSession(NewHome(name));
        try
        {
            session.Configure(Connection, throttleLimit);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Sets the simulator's answer delay for the next measurement.</summary>
    public void SetLatency(TimeSpan latency) => Simulator.Faults.Latency = latency;
}
