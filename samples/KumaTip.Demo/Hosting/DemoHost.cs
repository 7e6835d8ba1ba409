using System.Globalization;
using System.Management.Automation.Host;

namespace KumaTip.Demo.Hosting;

/// <summary>
/// A minimal non-interactive host: what the script sends to Out-Host / Out-Default is formatted by the engine
/// (table and list views) and written to a <see cref="TextWriter"/>, so the demo prints what pwsh would print.
/// <paramref name="plainText"/> strips the ANSI colours the formatter adds (for logs, files and tests).
/// </summary>
public sealed class DemoHost(TextWriter output, bool plainText, int width = 120) : PSHost
{
    private readonly DemoHostUserInterface _ui = new(output, plainText, width);

    public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override string Name => "KumaTip.Demo";

    public override PSHostUserInterface UI => _ui;

    public override Version Version { get; } = new(1, 0);

    public override void EnterNestedPrompt() => throw new NotSupportedException("The demo host is not interactive.");

    public override void ExitNestedPrompt() => throw new NotSupportedException("The demo host is not interactive.");

    public override void NotifyBeginApplication() { }

    public override void NotifyEndApplication() { }

    public override void SetShouldExit(int exitCode) { }
}
