using KumaTip.Simulator;

namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>What every scenario shares: options, sizes, the running simulator, its request log, a scratch folder.</summary>
public sealed class BenchmarkContext(BenchmarkOptions options, TipSimulator simulator, string workDirectory, TextWriter log)
{
    public BenchmarkOptions Options { get; } = options;

    public BenchmarkSizes Sizes { get; } = BenchmarkSizes.For(options.Profile);

    public TipSimulator Simulator { get; } = simulator;

    public SimulatorConnection Connection { get; } = SimulatorConnection.From(simulator);

    public RequestCounter Requests { get; } = new(simulator);

    public string WorkDirectory { get; } = workDirectory;

    public TextWriter Log { get; } = log;

    /// <summary>A fresh data directory for one scenario.</summary>
    public string NewHome(string name)
    {
        var home = Path.Combine(WorkDirectory, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(home);
        return home;
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
