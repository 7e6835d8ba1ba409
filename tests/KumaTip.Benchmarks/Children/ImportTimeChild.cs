using System.Diagnostics;
using System.Management.Automation.Runspaces;

namespace KumaTip.Benchmarks.Children;

/// <summary>Child process for scenario 4: start an engine, warm Import-Module, then time Import-Module of KumaTip.</summary>
public static class ImportTimeChild
{
    public const string Name = "import";

    public static int Run(string modulePath)
    {
        var watch = Stopwatch.StartNew();
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript("New-Module -Name Warm -ScriptBlock { } | Import-Module").Invoke();
        var runspaceMs = watch.Elapsed.TotalMilliseconds;

        ps.Commands.Clear();
        ps.AddCommand("Import-Module").AddParameter("Name", modulePath).AddParameter("ErrorAction", "Stop");
        // Which assemblies the import pulls in, and when: the breakdown when the figure is over its goal.
        var loads = new List<string>();
        AssemblyLoadEventHandler onLoad = (_, e) => loads.Add($"{e.LoadedAssembly.GetName().Name}@{watch.Elapsed.TotalMilliseconds:0}");
        AppDomain.CurrentDomain.AssemblyLoad += onLoad;
        watch.Restart();
        ps.Invoke();
        var importMs = watch.Elapsed.TotalMilliseconds;
        AppDomain.CurrentDomain.AssemblyLoad -= onLoad;
        Console.Out.WriteLine("loaded: " + string.Join(' ', loads));
        if (ps.HadErrors)
        {
            Console.Error.WriteLine("Import-Module failed: " + string.Join("; ", ps.Streams.Error.Select(e => e.ToString())));
            return 1;
        }
        ChildResult.Print(new Dictionary<string, double> { ["importMs"] = importMs, ["runspaceMs"] = runspaceMs });
        return 0;
    }
}
