using System.Diagnostics;

namespace KumaTip.PowerShell.Tests.Infrastructure;

/// <summary>
/// A PowerShell script run in a child process (tests/KumaTip.ScriptHost) with its own KUMATIP_HOME, for what one
/// process cannot show: a kill -9 in the middle of a task, two processes sharing one data directory. Every output,
/// error and warning arrives as a line ("OUT …", "ERR …", "WARN …", "DONE"); tests await lines, never sleep.
/// </summary>
public sealed class ScriptProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = new();
    private readonly SemaphoreSlim _changed = new(0);

    private ScriptProcess(Process process)
    {
        _process = process;
    }

    public static ScriptProcess Start(string home, string scriptFile, params string[] args)
    {
        var info = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(HostDll);
        info.ArgumentList.Add(RepoPaths.StagedModule);
        info.ArgumentList.Add(scriptFile);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["KUMATIP_HOME"] = home;
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var script = new ScriptProcess(process);
        process.OutputDataReceived += (_, e) => script.Add(e.Data);
        process.ErrorDataReceived += (_, e) => script.Add(e.Data == null ? null : "STDERR " + e.Data);
        process.Exited += (_, _) => script._changed.Release();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return script;
    }

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return _lines.ToList(); }
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Waits until <paramref name="count"/> lines match, or fails with what the process wrote.</summary>
    public async Task WaitForLinesAsync(Func<string, bool> match, int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (Lines.Count(match) < count)
        {
            if (_process.HasExited && Lines.Count(match) < count)
            {
                // Exited: drain what is still buffered, then decide.
                _process.WaitForExit();
                if (Lines.Count(match) >= count) return;
                throw new Xunit.Sdk.XunitException("The script process exited before the expected output:\n" + string.Join("\n", Lines));
            }
            try
            {
                await _changed.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException("Timed out waiting for the script's output; it wrote:\n" + string.Join("\n", Lines));
            }
        }
    }

    /// <summary>Waits for the script to end ("DONE" written and the process gone).</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException("Timed out waiting for the script process to end; it wrote:\n" + string.Join("\n", Lines));
        }
    }

    /// <summary>Kills the process at once (SIGKILL on Unix): no finally block, no flush, like a crash.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(60_000);
    }

    private void Add(string? line)
    {
        if (line == null) return;
        lock (_lines) _lines.Add(line);
        _changed.Release();
    }

    public void Dispose()
    {
        try { if (!_process.HasExited) Kill(); } catch (InvalidOperationException) { }
        _process.Dispose();
    }

    private static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>The ScriptHost built in the same configuration as this test assembly.</summary>
    private static string HostDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0/
            var path = Path.Combine(RepoPaths.Root, "tests", "KumaTip.ScriptHost", "bin", configuration, "net10.0", "KumaTip.ScriptHost.dll");
            if (!File.Exists(path)) throw new InvalidOperationException("Build tests/KumaTip.ScriptHost first: " + path + " is missing.");
            return path;
        }
    }
}
