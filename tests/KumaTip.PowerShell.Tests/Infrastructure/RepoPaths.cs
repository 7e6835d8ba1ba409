namespace KumaTip.PowerShell.Tests.Infrastructure;

/// <summary>Where the repository and the staged module are, found from the test's own folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The module folder that <c>dotnet build</c> stages; tests import it exactly as a user would.</summary>
    public static string StagedModule => Path.Combine(Root, "out", "KumaTip");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KumaTip.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("KumaTip.sln not found above " + AppContext.BaseDirectory);
    }
}
