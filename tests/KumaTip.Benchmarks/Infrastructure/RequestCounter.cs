using KumaTip.Simulator;

namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>Counts what reached the simulator, from its request log: the only honest measure of quota spent.</summary>
public sealed class RequestCounter(TipSimulator simulator)
{
    /// <summary>The current end of the log.</summary>
    public int Mark() => Settled().Count;

    /// <summary>Every request logged after <paramref name="mark"/>.</summary>
    public IReadOnlyList<SimulatorRequestLogEntry> Since(int mark) => Settled().Skip(mark).ToList();

    // The log line may be appended just after the response reaches the client; wait until the count stops moving.
    private IReadOnlyList<SimulatorRequestLogEntry> Settled()
    {
        var log = simulator.ReadRequestLog();
        for (var i = 0; i < 20; i++)
        {
            Thread.Sleep(50);
            var again = simulator.ReadRequestLog();
            if (again.Count == log.Count) return again;
            log = again;
        }
        return log;
    }

    public static string DescribeStatuses(IEnumerable<SimulatorRequestLogEntry> entries) =>
        string.Join(", ", entries.GroupBy(e => e.Status).OrderBy(g => g.Key).Select(g => $"{g.Count():N0}× {g.Key}"));
}
