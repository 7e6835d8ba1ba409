using System.Management.Automation;

namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>What one script produced: output objects and the non-terminating errors.</summary>
public sealed record EngineRun(IReadOnlyList<PSObject> Output, IReadOnlyList<ErrorRecord> Errors)
{
    public string DescribeErrors(int max = 3) =>
        string.Join("; ", Errors.Take(max).Select(e => $"{e.FullyQualifiedErrorId}: {e.Exception.Message}")) +
        (Errors.Count > max ? $" (and {Errors.Count - max} more)" : "");
}
