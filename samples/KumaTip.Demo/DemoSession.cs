using System.Management.Automation;
using System.Management.Automation.Runspaces;
using KumaTip.Demo.Hosting;

namespace KumaTip.Demo;

/// <summary>
/// One PowerShell 7.6 engine with the staged module imported, printing through <see cref="DemoHost"/>.
/// <paramref name="plainText"/> drops ANSI colours (for logs, files and tests).
/// </summary>
public sealed class DemoSession(string modulePath, string workingDirectory, TextWriter output, bool plainText)
{
    /// <summary>Runs a script file with named parameters; returns null on success, else what went wrong.</summary>
    public string? RunScript(string scriptPath, IDictionary<string, object> parameters)
    {
        var state = InitialSessionState.CreateDefault2();
        // Scripts are unsigned; Windows' default policy would refuse them. Elsewhere the engine has no policy and
        // setting one throws.
        if (OperatingSystem.IsWindows()) state.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;

        using var runspace = RunspaceFactory.CreateRunspace(new DemoHost(output, plainText), state);
        runspace.Open();
        runspace.SessionStateProxy.Path.SetLocation(workingDirectory);

        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = runspace;
        try
        {
            ps.AddCommand("Import-Module").AddParameter("Name", modulePath).AddParameter("ErrorAction", "Stop");
            ps.Invoke();
            ps.Commands.Clear();

            ps.AddCommand(scriptPath);
            foreach (var pair in parameters) ps.AddParameter(pair.Key, pair.Value);
            // Errors the script lets through are printed where they happen, like in a console.
            ps.Commands.Commands[0].MergeMyResults(PipelineResultTypes.Error, PipelineResultTypes.Output);
            ps.AddCommand("Out-Default");
            ps.Invoke();
            return null;
        }
        catch (RuntimeException ex)
        {
            // Where in the script it failed: the position when the engine has one, else the script's stack.
            var position = ex.ErrorRecord?.InvocationInfo?.PositionMessage;
            if (string.IsNullOrEmpty(position)) position = ex.ErrorRecord?.ScriptStackTrace?.Split('\n')[0].Trim();
            return string.IsNullOrEmpty(position) ? ex.Message : ex.Message + Environment.NewLine + position;
        }
    }
}
