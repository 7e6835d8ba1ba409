namespace KumaTip.HelpGen;

/// <summary>Finds the repository from the working folder or the tool's own folder.</summary>
public static class RepoLayout
{
    public static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "KumaTip.sln"))) return dir.FullName;
            }
        }
        throw new InvalidOperationException("KumaTip.sln not found above " + Directory.GetCurrentDirectory());
    }
}
