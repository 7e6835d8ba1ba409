namespace KumaTip.Demo;

/// <summary>Where the demo's inputs are: found by walking up to KumaTip.sln, from the binary or the current folder.</summary>
public sealed record RepositoryLayout(string Root)
{
    /// <summary>The module folder <c>dotnet build</c> stages; the demo imports it as a user would.</summary>
    public string StagedModule => Path.Combine(Root, "out", "KumaTip");

    public string Script => Path.Combine(Root, "samples", "enrich-iocs.ps1");

    public string SampleCsv => Path.Combine(Root, "samples", "iocs.csv");

    public string DefaultOutDir => Path.Combine(Root, "out", "demo");

    public static RepositoryLayout Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "KumaTip.sln"))) return new RepositoryLayout(dir.FullName);
            }
        }
        throw new DemoException("The KumaTip repository (KumaTip.sln) was not found above " + AppContext.BaseDirectory +
                                " or the current folder. Run the demo from a clone: dotnet run --project samples/KumaTip.Demo");
    }
}
