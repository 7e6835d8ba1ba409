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
        .Split('+', ' ')[0];

    /// <summary>The 1-minute load average (Linux), to tell waiting from being starved by other processes on the box.</summary>
    public static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    /// <summary>The commit the figures belong to (<c>git describe</c>, "+dirty" when the tree has changes), or "unknown".</summary>
    public static string Commit(string repository)
    {
        try
        {
            var psi = new System.Diagnostics.ProcessStartInfo("git", "describe --always --dirty=+dirty")
            {
                WorkingDirectory = repository,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var git = System.Diagnostics.Process.Start(psi);
            if (git == null) return "unknown";
            var text = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit(5000);
            return git.ExitCode == 0 && text.Length > 0 ? text : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    public static string Describe() =>
        $"{Cores} cores, {MemoryGiB:0.0} GiB memory, {RuntimeInformation.OSDescription.Trim()} {RuntimeInformation.OSArchitecture}, " +
        $".NET {Environment.Version}, PowerShell engine {EngineVersion}";
}
