using System.Management.Automation;

namespace KumaTip.PowerShell.Tests.Infrastructure;

/// <summary>Everything one script run produced, stream by stream.</summary>
public sealed record PsResult(
    IReadOnlyList<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    IReadOnlyList<WarningRecord> Warnings,
    IReadOnlyList<ProgressRecord> Progress,
    IReadOnlyList<VerboseRecord> Verbose,
    IReadOnlyList<DebugRecord> Debug,
    IReadOnlyList<InformationRecord> Information,
    Exception? Terminating)
{
    /// <summary>Every piece of text any stream carried, for "never shows a secret" checks.</summary>
    public string AllText()
    {
        var parts = new List<string>();
        parts.AddRange(Output.Select(o => o?.ToString() ?? string.Empty));
        parts.AddRange(Output.SelectMany(o => o?.Properties.Select(p => SafeValue(p)) ?? Array.Empty<string>()));
        parts.AddRange(Errors.Select(e => e.ToString() + " " + e.Exception + " " + e.ErrorDetails?.Message + " " + e.TargetObject));
        parts.AddRange(Warnings.Select(w => w.Message));
        parts.AddRange(Verbose.Select(v => v.Message));
        parts.AddRange(Debug.Select(d => d.Message));
        parts.AddRange(Information.Select(i => i.MessageData?.ToString() ?? string.Empty));
        parts.AddRange(Progress.Select(p => p.Activity + " " + p.StatusDescription + " " + p.CurrentOperation));
        if (Terminating != null) parts.Add(Terminating.ToString());
        return string.Join("\n", parts);
    }

    /// <summary>Fails with the error text when the run wrote an error or threw; a readable test failure.</summary>
    public PsResult AssertNoErrors()
    {
        if (Terminating != null) throw new Xunit.Sdk.XunitException("Script threw: " + Terminating);
        if (Errors.Count > 0)
            throw new Xunit.Sdk.XunitException("Script wrote errors:\n" + string.Join("\n", Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
        return this;
    }

    private static string SafeValue(PSPropertyInfo p)
    {
        try { return p.Value?.ToString() ?? string.Empty; }
        catch (Exception) { return string.Empty; }
    }
}
