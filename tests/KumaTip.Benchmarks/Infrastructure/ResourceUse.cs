namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>What a span of work cost this process.</summary>
public sealed record ResourceUse(TimeSpan Wall, TimeSpan Cpu, long AllocatedBytes, int Gen0, int Gen1, int Gen2)
{
    public string Describe(int items) =>
        $"wall {Wall.TotalMilliseconds:N0} ms, CPU {Cpu.TotalMilliseconds:N0} ms ({Cpu / Wall:P0} of one core), " +
        $"allocated {AllocatedBytes / 1048576.0:N0} MB ({(items > 0 ? AllocatedBytes / items : 0):N0} B per item), GC gen0/1/2 {Gen0}/{Gen1}/{Gen2}, " +
        $"load average after {MachineInfo.LoadAverage()}";
}
