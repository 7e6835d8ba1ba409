using System.Collections.Concurrent;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace KumaTip.Pester.Tests;

/// <summary>
/// Shows the Pester counts in the output of `dotnet test` whatever its verbosity: each file's counts as it finishes
/// and a table per pwsh version at the end, as xunit diagnostic messages (xunit.runner.json turns them on).
/// </summary>
public sealed class PesterSummary : IDisposable
{
    private readonly IMessageSink _sink;
    private readonly ConcurrentQueue<(string Version, string File, PesterFileResult? Result, string? Error)> _runs = new();

    public PesterSummary(IMessageSink sink) => _sink = sink;

    public void Record(string version, string file, PesterFileResult result)
    {
        _runs.Enqueue((version, file, result, null));
        _sink.OnMessage(new DiagnosticMessage($"Pester on pwsh {version}: {file}: {result}"));
    }

    public void RecordError(string version, string file, string error)
    {
        _runs.Enqueue((version, file, null, error));
        _sink.OnMessage(new DiagnosticMessage($"Pester on pwsh {version}: {file}: did not finish: {FirstLine(error)}"));
    }

    public void Dispose()
    {
        foreach (var version in _runs.GroupBy(r => r.Version).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var results = version.Where(r => r.Result != null).Select(r => r.Result!).ToList();
            var broken = version.Count(r => r.Result == null);
            _sink.OnMessage(new DiagnosticMessage(
                $"Pester on pwsh {version.Key}: {version.Count()} file(s), passed {results.Sum(r => r.Passed)}, " +
                $"failed {results.Sum(r => r.Failed)}, skipped {results.Sum(r => r.Skipped)}, not run {results.Sum(r => r.NotRun)}" +
                (broken > 0 ? $", {broken} file(s) did not finish" : "")));
        }
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOf('\n');
        return end < 0 ? text : text[..end];
    }
}
