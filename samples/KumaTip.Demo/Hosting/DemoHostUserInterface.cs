using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace KumaTip.Demo.Hosting;

/// <summary>Writes every stream as text; refuses to prompt (a demo must never wait for input).</summary>
internal sealed class DemoHostUserInterface(TextWriter output, int width) : PSHostUserInterface
{
    public override PSHostRawUserInterface RawUI { get; } = new DemoHostRawUserInterface(width);

    public override void Write(string value) => output.Write(value);

    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => output.Write(value);

    public override void WriteLine(string value) => output.WriteLine(value);

    public override void WriteErrorLine(string value) => output.WriteLine(value);

    public override void WriteWarningLine(string message) => output.WriteLine("WARNING: " + message);

    public override void WriteVerboseLine(string message) => output.WriteLine("VERBOSE: " + message);

    public override void WriteDebugLine(string message) => output.WriteLine("DEBUG: " + message);

    // Progress bars make no sense in a log; the steps print their own counts.
    public override void WriteProgress(long sourceId, ProgressRecord record) { }

    public override string ReadLine() => throw NotInteractive();

    public override SecureString ReadLineAsSecureString() => throw NotInteractive();

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw NotInteractive();

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw NotInteractive();

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw NotInteractive();

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
        PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw NotInteractive();

    private static NotSupportedException NotInteractive() =>
        new("The demo host is not interactive: pass every value as a parameter.");
}
