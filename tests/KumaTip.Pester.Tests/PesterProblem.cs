namespace KumaTip.Pester.Tests;

/// <summary>A Pester test that neither passed nor was skipped, with its error.</summary>
public sealed class PesterProblem
{
    public string Name { get; set; } = "";

    public string Result { get; set; } = "";

    public string Error { get; set; } = "";
}
