namespace KumaTip.Loader.Tests;

/// <summary>The module folder `dotnet build` stages (out/KumaTip), found from the test's own folder.</summary>
public static class StagedModule
{
    public static string Folder { get; } = Find();

    public static string Dependencies => Path.Combine(Folder, DependencyFolder.Name);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KumaTip.sln")))
            {
                return Path.Combine(dir.FullName, "out", "KumaTip");
            }
        }
        throw new InvalidOperationException("KumaTip.sln not found above " + AppContext.BaseDirectory);
    }
}
