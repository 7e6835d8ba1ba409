using KumaTip.Simulator;

namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>
/// Counts what reached the simulator, from its request log: the only honest measure of quota spent.
/// The simulator flushes each line before it answers, so a finished run is fully logged.
/// </summary>
public sealed class RequestCounter(TipSimulator simulator)
{
    /// <summary>The current end of the log.</summary>
    public int Mark() => simulator.ReadRequestLog().Count;

    /// <summary>Every request logged after <paramref name="mark"/>.</summary>
    public IReadOnlyList<SimulatorRequestLogEntry> Since(int mark) => simulator.ReadRequestLog().Skip(mark).ToList();

    public static string DescribeStatuses(IEnumerable<SimulatorRequestLogEntry> entries) =>
        string.Join(", ", entries.GroupBy(e => e.Status).OrderBy(g => g.Key).Select(g => $"{g.Count():N0}× {g.Key}"));
}
