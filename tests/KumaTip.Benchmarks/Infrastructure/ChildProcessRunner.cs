using System.Diagnostics;
using System.Text.Json;

namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>
/// Runs this program again as a child (<c>--child ...</c>) so a figure belongs to a fresh process: cold import time,
/// or a process's own peak working set. The child prints one JSON object as its last line.
/// </summary>
public static class ChildProcessRunner
{
    public static async Task<ChildOutput> RunAsync(IEnumerable<string> childArgs, IDictionary<string, string> environment, TimeSpan timeout)
    {
        var self = Environment.ProcessPath ?? throw new BenchmarkException("Cannot find this program's path to start a child process.");
        var psi = new ProcessStartInfo(self)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Under `dotnet <dll>` the process is the dotnet host; it needs the assembly again.
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            psi.ArgumentList.Add(typeof(ChildProcessRunner).Assembly.Location);
        }
        psi.ArgumentList.Add("--child");
        foreach (var a in childArgs) psi.ArgumentList.Add(a);
        foreach (var pair in environment) psi.Environment[pair.Key] = pair.Value;

        using var process = Process.Start(psi) ?? throw new BenchmarkException("The child process did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new BenchmarkException($"The child process ({string.Join(' ', childArgs)}) did not finish within {timeout.TotalSeconds:0} s.");
        }
        var output = await stdout;
        var errors = await stderr;
        if (process.ExitCode != 0)
        {
            throw new BenchmarkException($"The child process ({string.Join(' ', childArgs)}) exited with {process.ExitCode}: {Last(errors, 600)}");
        }
        var json = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith('{'));
        if (json == null) throw new BenchmarkException($"The child process printed no result. Output: {Last(output, 600)} {Last(errors, 600)}");
        return new ChildOutput(JsonSerializer.Deserialize<Dictionary<string, double>>(json)!, output);
    }

    private static string Last(string text, int max) => text.Length <= max ? text.Trim() : "…" + text[^max..].Trim();
}
