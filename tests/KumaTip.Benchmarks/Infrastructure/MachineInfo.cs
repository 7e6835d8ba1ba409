using System.Reflection;
using System.Runtime.InteropServices;

namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>What the figures were measured on.</summary>
public static class MachineInfo
{
    public static int Cores => Environment.ProcessorCount;

    public static double MemoryGiB => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);

    /// <summary>The engine package's version (7.6.9), not its assembly version.</summary>
    public static string EngineVersion =>
        (typeof(System.Management.Automation.PSObject).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?")
        .Split('+')[0];

    public static string Describe() =>
        $"{Cores} cores, {MemoryGiB:0.0} GiB memory, {RuntimeInformation.OSDescription.Trim()} {RuntimeInformation.OSArchitecture}, " +
        $".NET {Environment.Version}, PowerShell engine {EngineVersion}";
}
