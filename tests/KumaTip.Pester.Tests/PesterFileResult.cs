namespace KumaTip.Pester.Tests;

/// <summary>What Support/Invoke-KumaTipPester.ps1 wrote for one test file on one pwsh.</summary>
public sealed class PesterFileResult
{
    public string PowerShell { get; set; } = "";

    public int Passed { get; set; }

    public int Failed { get; set; }

    public int Skipped { get; set; }

    public int NotRun { get; set; }

    public int Total { get; set; }

    public List<string> ContainerErrors { get; set; } = new();

    public List<PesterProblem> Problems { get; set; } = new();

    public override string ToString()
        => $"passed {Passed}, failed {Failed}, skipped {Skipped}, not run {NotRun} (of {Total})"
           + (ContainerErrors.Count > 0 ? $", {ContainerErrors.Count} error(s) outside tests" : "");
}
