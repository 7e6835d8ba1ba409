using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace KumaTip.PowerShell.Tests.Infrastructure;

/// <summary>
/// A real PowerShell 7.6 engine with the staged module imported, and a private temporary KUMATIP_HOME.
/// The runspace lives as long as the host, like one user's session; each <see cref="Run"/> is one script.
/// KUMATIP_HOME is a process environment variable, so every PowerShell test runs in one serial collection
/// (<see cref="PowerShellCollection"/>) and the host sets it before each script.
/// </summary>
public sealed class ModuleHost : IDisposable
{
    private readonly Runspace _runspace;
    private readonly bool _ownsHome;

    public ModuleHost(string? home = null)
    {
        _ownsHome = home == null;
        Home = home ?? Path.Combine(Path.GetTempPath(), "kumatip-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Home);

        var state = InitialSessionState.CreateDefault2();
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
        var imported = Run("Import-Module -Name $args[0] -PassThru -ErrorAction Stop", RepoPaths.StagedModule);
        if (imported.Terminating != null || imported.Errors.Count > 0)
        {
            throw new InvalidOperationException("Import-Module of the staged module failed: " +
                (imported.Terminating?.ToString() ?? string.Join("\n", imported.Errors)));
        }
        Module = imported.Output.Single();
    }

    /// <summary>How long one script may run before it is stopped and its test fails. Generous for a loaded 2-core machine; only a hang reaches it.</summary>
    public TimeSpan ScriptTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>This host's data directory (KUMATIP_HOME).</summary>
    public string Home { get; }

    /// <summary>The imported module's PSModuleInfo.</summary>
    public PSObject Module { get; }

    /// <summary>Extra environment variables set before each script (removed again after it).</summary>
    public Dictionary<string, string?> Environment { get; } = new();

    /// <summary>Runs <paramref name="script"/>; <paramref name="args"/> arrive as <c>$args</c>.</summary>
    public PsResult Run(string script, params object?[] args) => Invoke(script, args, null);

    /// <summary>Runs <paramref name="script"/> with named parameters (the script declares a param block).</summary>
    public PsResult RunWith(string script, IDictionary<string, object?> parameters) => Invoke(script, Array.Empty<object?>(), parameters);

    private PsResult Invoke(string script, object?[] args, IDictionary<string, object?>? parameters)
    {
        var previous = new Dictionary<string, string?>();
        void Set(string name, string? value)
        {
            previous[name] = System.Environment.GetEnvironmentVariable(name);
            System.Environment.SetEnvironmentVariable(name, value);
        }
        Set("KUMATIP_HOME", Home);
        foreach (var pair in Environment) Set(pair.Key, pair.Value);
        try
        {
            using var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = _runspace;
            ps.AddScript(script);
            if (parameters != null)
            {
                foreach (var p in parameters) ps.AddParameter(p.Key, p.Value);
            }
            foreach (var a in args) ps.AddArgument(a);

            var output = new PSDataCollection<PSObject>();
            Exception? terminating = null;
            var running = ps.BeginInvoke<PSObject, PSObject>(null, output);
            if (!running.AsyncWaitHandle.WaitOne(ScriptTimeout))
            {
                // A hung script must fail its test, not hang the whole run; Stop() is bounded too.
                var stopped = ps.BeginStop(null, null).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(30));
                throw new Xunit.Sdk.XunitException(
                    $"The script did not finish within {ScriptTimeout} and was {(stopped ? "stopped" : "asked to stop (it did not)")}: {script}");
            }

            try
            {
                ps.EndInvoke(running);
            }
            catch (RuntimeException ex)
            {
                terminating = ex;
            }
            return new PsResult(output.ToList(), ps.Streams.Error.ToList(), ps.Streams.Warning.ToList(), ps.Streams.Progress.ToList(),
                ps.Streams.Verbose.ToList(), ps.Streams.Debug.ToList(), ps.Streams.Information.ToList(), terminating);
        }
        finally
        {
            foreach (var pair in previous) System.Environment.SetEnvironmentVariable(pair.Key, pair.Value);
        }
    }

    /// <summary>
    /// Starts <paramref name="script"/>, waits for <paramref name="stopWhen"/>, then stops the pipeline as Ctrl+C does
    /// (StopProcessing). Returns what the script produced before it stopped.
    /// </summary>
    public async Task<PsResult> RunAndStop(string script, Task stopWhen, TimeSpan timeout, params object?[] args)
    {
        var previous = System.Environment.GetEnvironmentVariable("KUMATIP_HOME");
        System.Environment.SetEnvironmentVariable("KUMATIP_HOME", Home);
        try
        {
            using var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = _runspace;
            ps.AddScript(script);
            foreach (var a in args) ps.AddArgument(a);
            var output = new PSDataCollection<PSObject>();
            var running = ps.BeginInvoke<PSObject, PSObject>(null, output);
            await stopWhen.WaitAsync(timeout);
            await Task.Factory.FromAsync(ps.BeginStop(null, null), ps.EndStop).WaitAsync(timeout);
            Exception? terminating = null;
            try
            {
                ps.EndInvoke(running);
            }
            catch (Exception ex) when (ex is PipelineStoppedException || ex is RuntimeException)
            {
                terminating = ex;
            }
            return new PsResult(output.ToList(), ps.Streams.Error.ToList(), ps.Streams.Warning.ToList(), ps.Streams.Progress.ToList(),
                ps.Streams.Verbose.ToList(), ps.Streams.Debug.ToList(), ps.Streams.Information.ToList(), terminating);
        }
        finally
        {
            System.Environment.SetEnvironmentVariable("KUMATIP_HOME", previous);
        }
    }

    public void Dispose()
    {
        _runspace.Dispose();
        if (_ownsHome)
        {
            try { Directory.Delete(Home, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
