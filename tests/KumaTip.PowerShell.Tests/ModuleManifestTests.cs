using System.Management.Automation;
using KumaTip.PowerShell.Tests.Infrastructure;

namespace KumaTip.PowerShell.Tests;

[Collection(PowerShellCollection.Name)]
public sealed class ModuleManifestTests
{
    [Fact]
    public void Staged_module_imports_in_a_fresh_runspace()
    {
        using var host = new ModuleHost();
        Assert.Equal("KumaTip", host.Module.Properties["Name"].Value);
    }

    [Fact]
    public void Exported_commands_equal_the_manifest_list()
    {
        using var host = new ModuleHost();
        var manifest = Manifest.List("CmdletsToExport").OrderBy(x => x).ToList();
        var exported = host.Run("(Get-Module KumaTip).ExportedCmdlets.Keys")
            .AssertNoErrors().Output.Select(o => o.BaseObject.ToString()!).OrderBy(x => x).ToList();
        Assert.Equal(manifest, exported);
        Assert.DoesNotContain(manifest, name => name.Contains('*'));
    }

    [Fact]
    public void Manifest_declares_both_editions_and_PowerShell_5_1()
    {
        var data = Manifest.Read();
        Assert.Equal("5.1", data["PowerShellVersion"]);
        Assert.Equal(new[] { "Desktop", "Core" }, Manifest.List("CompatiblePSEditions"));
        Assert.Equal("KumaTip.PowerShell.dll", data["RootModule"]);
        Assert.Equal(new[] { "KumaTip.Format.ps1xml" }, Manifest.List("FormatsToProcess"));
        Assert.Equal(new[] { "KumaTip.Types.ps1xml" }, Manifest.List("TypesToProcess"));
    }

    [Fact]
    public void Manifest_requires_the_dotnet_framework_that_windows_powershell_needs()
    {
        // EphemeralKeySet and HttpClientHandler's server-certificate callback arrived in .NET Framework 4.7.2.
        Assert.Equal("4.7.2", Manifest.Read()["DotNetFrameworkVersion"]);
    }
}
