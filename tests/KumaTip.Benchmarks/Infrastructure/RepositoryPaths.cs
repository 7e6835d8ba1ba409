namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>The repository root (above KumaTip.sln) and the staged module the benchmarks import.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string StagedModule => Path.Combine(Root, "out", "KumaTip");

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "KumaTip.sln"))) return dir.FullName;
            }
        }
        throw new InvalidOperationException("KumaTip.sln not found above " + AppContext.BaseDirectory + "; run from a clone.");
    }
}
