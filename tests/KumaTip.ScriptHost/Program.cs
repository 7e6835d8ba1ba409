using System.Management.Automation;
using System.Management.Automation.Runspaces;

// Usage: KumaTip.ScriptHost <module folder> <script file> [args...]
// Imports the module, runs the script with the args as $args, and writes every output object, error and warning as
// one line to stdout (flushed at once, so a parent process can wait for a line). Exit code 0, or 1 when it threw.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: KumaTip.ScriptHost <module folder> <script file> [args...]");
    return 2;
}

var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
void Line(string text)
{
    lock (stdout) stdout.WriteLine(text.Replace('\n', ' ').Replace('\r', ' '));
}

var state = InitialSessionState.CreateDefault2();
using var runspace = RunspaceFactory.CreateRunspace(state);
runspace.Open();
using var ps = PowerShell.Create();
ps.Runspace = runspace;
ps.AddScript("Import-Module -Name $args[0] -ErrorAction Stop").AddArgument(args[0]);
ps.Invoke();
ps.Commands.Clear();

var output = new PSDataCollection<PSObject>();
output.DataAdded += (_, e) => Line("OUT " + output[e.Index]);
ps.Streams.Error.DataAdded += (_, e) => Line("ERR " + ps.Streams.Error[e.Index].FullyQualifiedErrorId + " " + ps.Streams.Error[e.Index]);
ps.Streams.Warning.DataAdded += (_, e) => Line("WARN " + ps.Streams.Warning[e.Index].Message);
ps.Streams.Information.DataAdded += (_, e) => Line("INFO " + ps.Streams.Information[e.Index].MessageData);

ps.AddScript(File.ReadAllText(args[1]));
foreach (var a in args.Skip(2)) ps.AddArgument(a);
try
{
    ps.Invoke(null, output);
    Line("DONE");
    return 0;
}
catch (RuntimeException ex)
{
    Line("THREW " + ex.Message);
    return 1;
}
