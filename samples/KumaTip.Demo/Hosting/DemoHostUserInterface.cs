using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text.RegularExpressions;

namespace KumaTip.Demo.Hosting;

/// <summary>Writes every stream as text; refuses to prompt (a demo must never wait for input).</summary>
internal sealed partial class DemoHostUserInterface(TextWriter output, bool plainText, int width) : PSHostUserInterface
{
    public override PSHostRawUserInterface RawUI { get; } = new DemoHostRawUserInterface(width);

    // pwsh's console host strips colours itself when output is redirected; a custom host has to do it.
    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]")]
    private static partial Regex AnsiSequence();

    private string Text(string value) => plainText ? AnsiSequence().Replace(value, "") : value;

    public override void Write(string value) => output.Write(Text(value));

    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => output.Write(Text(value));

    public override void WriteLine(string value) => output.WriteLine(Text(value));

    public override void WriteErrorLine(string value) => output.WriteLine(Text(value));

    public override void WriteWarningLine(string message) => output.WriteLine("WARNING: " + Text(message));

    public override void WriteVerboseLine(string message) => output.WriteLine("VERBOSE: " + Text(message));

    public override void WriteDebugLine(string message) => output.WriteLine("DEBUG: " + Text(message));

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
