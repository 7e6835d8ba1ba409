using System.Text.Json;

namespace KumaTip.Pester.Tests;

/// <summary>
/// Where the build put what the suite needs (pester-harness.json beside this assembly): the repository, the Pester
/// module restored from the feed, and the pwsh versions installed under out/tools.
/// </summary>
public sealed class PesterHarness
{
    public static PesterHarness Current { get; } = Load();

    public string Repository { get; private init; } = "";

    public string PesterModule { get; private init; } = "";

    public string ToolsDirectory { get; private init; } = "";

    public IReadOnlyList<string> PwshVersions { get; private init; } = Array.Empty<string>();

    public string SuiteDirectory => Path.Combine(Repository, "tests", "KumaTip.Pester");

    public string StagedModule => Path.Combine(Repository, "out", "KumaTip");

    public string ResultsDirectory => Path.Combine(Repository, "out", "test-results", "pester");

    /// <summary>Every *.Tests.ps1 of the suite, by file name.</summary>
    public IEnumerable<string> TestFiles()
        => Directory.GetFiles(SuiteDirectory, "*.Tests.ps1").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    /// <summary>The pwsh executable of <paramref name="version"/>, installed by the build (InstallPwsh).</summary>
    public string Pwsh(string version)
    {
        var folder = Path.Combine(ToolsDirectory, "pwsh-" + version);
        var path = Path.Combine(folder, OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"pwsh {version} is not installed at {path}. The test project's build installs it from the NuGet feed " +
                $"(dotnet tool install PowerShell --version {version} --tool-path {folder}); build it again, or run that command.");
        }
        return path;
    }

    private static PesterHarness Load()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "pester-harness.json");
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"{file} is missing: the KumaTip.Pester.Tests build writes it; build the project again.");
        }
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        var root = json.RootElement;
        var harness = new PesterHarness
        {
            Repository = Path.GetFullPath(root.GetProperty("Repository").GetString()!),
            PesterModule = root.GetProperty("PesterModule").GetString()!,
            ToolsDirectory = Path.GetFullPath(root.GetProperty("ToolsDirectory").GetString()!),
            PwshVersions = root.GetProperty("PwshVersions").EnumerateArray().Select(v => v.GetString()!).ToArray(),
        };
        if (!File.Exists(harness.PesterModule))
        {
            throw new InvalidOperationException($"The Pester module is not at {harness.PesterModule}; `dotnet restore` downloads it (PackageDownload Pester).");
        }
        return harness;
    }
}
