using System.Collections.Concurrent;

namespace KumaTip.Simulator;

/// <summary>
/// Faults applied to every request, settable while the simulator runs (thread-safe).
/// Per-value faults come from the reserved prefixes instead (see docs/simulator.md).
/// </summary>
public sealed class SimulatorFaults
{
    private long _latencyTicks;
    private long _slowLatencyTicks;
    private int _forcedStatus;
    private int _dropConnections;
    private int _malformedJson;
    private readonly ConcurrentDictionary<string, byte> _attempted = new(StringComparer.Ordinal);

    internal SimulatorFaults(TimeSpan latency, TimeSpan slowLatency)
    {
        Latency = latency;
        SlowLatency = slowLatency;
    }

    /// <summary>Delay before every answer (an async wait; no thread is blocked).</summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set => Interlocked.Exchange(ref _latencyTicks, Math.Max(0, value.Ticks));
    }

    /// <summary>Extra delay for values carrying the <c>sim-slow-</c> prefix.</summary>
    public TimeSpan SlowLatency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _slowLatencyTicks));
        set => Interlocked.Exchange(ref _slowLatencyTicks, Math.Max(0, value.Ticks));
    }

    /// <summary>
    /// When set (429, 500, 502, 503, 504), every authenticated lookup is answered with this status
    /// (429 carries <c>Retry-After: 1</c>). Null = off.
    /// </summary>
    public int? ForcedStatus
    {
        get { var s = Volatile.Read(ref _forcedStatus); return s == 0 ? null : s; }
        set => Volatile.Write(ref _forcedStatus, value ?? 0);
    }

    /// <summary>Abort the connection of every authenticated lookup.</summary>
    public bool DropConnections
    {
        get => Volatile.Read(ref _dropConnections) != 0;
        set => Volatile.Write(ref _dropConnections, value ? 1 : 0);
    }

    /// <summary>Answer every authenticated lookup with 200 and a body that is not valid JSON.</summary>
    public bool MalformedJson
    {
        get => Volatile.Read(ref _malformedJson) != 0;
        set => Volatile.Write(ref _malformedJson, value ? 1 : 0);
    }

    /// <summary>Forgets which values had their one-time fault (<c>sim-429-</c>, <c>sim-503-</c>, <c>sim-drop-</c>), so they fail once more.</summary>
    public void ResetOnceFaults() => _attempted.Clear();

    /// <summary>True the first time a value is seen (since start or the last reset).</summary>
    internal bool FirstAttempt(string key) => _attempted.TryAdd(key, 0);
}
