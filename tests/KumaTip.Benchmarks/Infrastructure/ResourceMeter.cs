using System.Diagnostics;

namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>
/// Wall time, CPU time, allocations and GC counts of this process over a span: the breakdown that says whether a
/// slow figure is waiting (network, locks), computing, or collecting garbage.
/// </summary>
public sealed class ResourceMeter
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;
    private readonly long _allocated = GC.GetTotalAllocatedBytes(precise: false);
    private readonly int[] _collections = { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };

    public static ResourceMeter Start() => new();

    public TimeSpan Elapsed => _wall.Elapsed;

    public ResourceUse Stop()
    {
        _wall.Stop();
        return new ResourceUse(
            _wall.Elapsed,
            Process.GetCurrentProcess().TotalProcessorTime - _cpu,
            GC.GetTotalAllocatedBytes(precise: false) - _allocated,
            GC.CollectionCount(0) - _collections[0],
            GC.CollectionCount(1) - _collections[1],
            GC.CollectionCount(2) - _collections[2]);
    }
}
