using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace KumaTip.Loader.Tests;

/// <summary>
/// The assemblies at the module root load in PowerShell's default context. If either named a dependency
/// (Polly, LiteDB, Microsoft.Extensions.*, Microsoft.Bcl.*…) the default context would have to find it, and another
/// module's copy or the host's older one would be used: exactly the conflict the private context avoids.
/// </summary>
public class EntryAssemblyTests
{
    private static IReadOnlyList<string> ReferencesOf(string file)
    {
        using var stream = File.OpenRead(Path.Combine(StagedModule.Folder, file));
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).OrderBy(n => n, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void Cmdlet_assembly_names_only_PowerShell_and_KumaTip_Core()
    {
        Assert.Equal(new[] { "KumaTip.Core", "System.Management.Automation", "netstandard" }, ReferencesOf("KumaTip.PowerShell.dll"));
    }

    [Fact]
    public void Loader_names_only_PowerShell_and_the_runtime()
    {
        Assert.Equal(new[] { "System.Management.Automation", "System.Runtime.Loader", "netstandard" }, ReferencesOf("KumaTip.Loader.dll"));
    }

    [Fact]
    public void Only_the_entry_assemblies_sit_at_the_module_root()
    {
        var atRoot = Directory.GetFiles(StagedModule.Folder, "*.dll").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal);

        Assert.Equal(new[] { "KumaTip.Loader.dll", "KumaTip.PowerShell.dll" }, atRoot);
        Assert.True(File.Exists(Path.Combine(StagedModule.Dependencies, "KumaTip.Core.dll")));
    }
}
