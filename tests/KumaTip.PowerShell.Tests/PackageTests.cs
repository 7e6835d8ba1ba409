using System.Collections;
using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Xml.Linq;
using KumaTip.PowerShell.Tests.Infrastructure;

namespace KumaTip.PowerShell.Tests;

/// <summary>
/// The package the build writes (out/KumaTip.&lt;version&gt;.nupkg) is what PSResourceGet and PowerShellGet install:
/// checked against the staged module and the manifest, which is the only source of its metadata.
/// (Installing it on real pwsh is tests/KumaTip.Pester/Package.Tests.ps1.)
/// </summary>
public sealed class PackageTests
{
    /// <summary>What NuGet's pack adds around the payload; installers drop it.</summary>
    private static readonly string[] NuGetMetadataPrefixes = { "[Content_Types].xml", "_rels/", "package/", "KumaTip.nuspec" };

    private static string ModuleVersion => (string)Manifest.Read()["ModuleVersion"]!;

    private static Hashtable PSData => (Hashtable)((Hashtable)Manifest.Read()["PrivateData"]!)["PSData"]!;

    private static string PackagePath
    {
        get
        {
            var path = Path.Combine(RepoPaths.Root, "out", $"KumaTip.{ModuleVersion}.nupkg");
            Assert.True(File.Exists(path), $"{path} is missing: `dotnet build` of src/KumaTip.PowerShell writes it after staging the module");
            return path;
        }
    }

    [Fact]
    public void Package_is_named_after_the_manifest_version_and_holds_the_manifest_at_its_root()
    {
        using var zip = ZipFile.OpenRead(PackagePath);
        var manifest = zip.GetEntry("KumaTip.psd1");
        Assert.NotNull(manifest);
        Assert.Equal(Hash(File.ReadAllBytes(Path.Combine(RepoPaths.StagedModule, "KumaTip.psd1"))), Hash(manifest!));
    }

    [Fact]
    public void Package_holds_every_file_of_the_staged_module_and_nothing_else()
    {
        var staged = Directory.EnumerateFiles(RepoPaths.StagedModule, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(RepoPaths.StagedModule, f).Replace('\\', '/'), f => Hash(File.ReadAllBytes(f)));
        Assert.Contains("KumaTip.PowerShell.dll", staged.Keys);
        Assert.Contains("LICENSE", staged.Keys);

        using var zip = ZipFile.OpenRead(PackagePath);
        var payload = zip.Entries
            .Where(e => !e.FullName.EndsWith('/'))
            .Where(e => !NuGetMetadataPrefixes.Any(p => e.FullName.StartsWith(p, StringComparison.Ordinal)))
            .ToDictionary(e => Uri.UnescapeDataString(e.FullName), Hash);

        Assert.Equal(staged.Keys.OrderBy(k => k, StringComparer.Ordinal), payload.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var (name, hash) in staged)
        {
            Assert.True(hash == payload[name], $"{name} in the package differs from out/KumaTip/{name}");
        }
    }

    [Fact]
    public void Nuspec_carries_the_manifest_identity_licence_project_and_release_notes()
    {
        var manifest = Manifest.Read();
        var metadata = NuspecMetadata();

        Assert.Equal("KumaTip", Value(metadata, "id"));
        Assert.Equal(ModuleVersion, Value(metadata, "version"));
        Assert.Equal((string)manifest["Author"]!, Value(metadata, "authors"));
        Assert.Equal((string)manifest["Description"]!, Value(metadata, "description"));
        var license = metadata.Element(metadata.Name.Namespace + "license");
        Assert.NotNull(license);
        Assert.Equal("expression", (string?)license!.Attribute("type"));
        Assert.Equal("MIT", license.Value);
        Assert.Equal("https://github.com/kumatip/kumatip", Value(metadata, "projectUrl"));
        Assert.Equal((string)PSData["ProjectUri"]!, Value(metadata, "projectUrl"));
        Assert.Equal((string)PSData["ReleaseNotes"]!, Value(metadata, "releaseNotes"));
        Assert.Contains("CHANGELOG.md", Value(metadata, "releaseNotes"));
    }

    [Fact]
    public void Nuspec_declares_no_dependencies_because_the_module_carries_its_assemblies()
    {
        var metadata = NuspecMetadata();
        Assert.Empty(metadata.Descendants(metadata.Name.Namespace + "dependency"));
    }

    [Fact]
    public void Nuspec_tags_mark_a_module_with_one_cmdlet_and_one_command_tag_per_exported_cmdlet()
    {
        var tags = Value(NuspecMetadata(), "tags").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var cmdlets = Manifest.List("CmdletsToExport").OrderBy(c => c, StringComparer.Ordinal).ToList();
        Assert.Contains("Import-TipIndicator", cmdlets);

        Assert.Contains("PSModule", tags);
        Assert.Contains("PSIncludes_Cmdlet", tags);
        Assert.Equal(cmdlets, Suffixes(tags, "PSCmdlet_"));
        Assert.Equal(cmdlets, Suffixes(tags, "PSCommand_"));
        foreach (var tag in ((object[])PSData["Tags"]!).Cast<string>())
        {
            Assert.Contains(tag, tags);
        }
        Assert.Equal(tags.Length, tags.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void KumaTip_assemblies_in_the_package_carry_the_manifest_version()
    {
        var expected = Version.Parse(ModuleVersion);
        var folder = Path.Combine(Path.GetTempPath(), "kumatip-package-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            using (var zip = ZipFile.OpenRead(PackagePath))
            {
                // The entry assemblies sit at the module root, Core with the other libraries in dependencies/.
                foreach (var name in new[] { "dependencies/KumaTip.Core.dll", "KumaTip.PowerShell.dll", "KumaTip.Loader.dll" })
                {
                    var entry = zip.GetEntry(name);
                    Assert.True(entry != null, $"The package has no {name}.");
                    entry!.ExtractToFile(Path.Combine(folder, Path.GetFileName(name)));
                }
            }
            foreach (var dll in Directory.GetFiles(folder, "KumaTip.*.dll"))
            {
                Assert.Equal(Normalized(expected), Normalized(AssemblyName.GetAssemblyName(dll).Version!));
                var info = FileVersionInfo.GetVersionInfo(dll);
                Assert.Equal(Normalized(expected), Normalized(Version.Parse(info.FileVersion!)));
                Assert.Equal(ModuleVersion, info.ProductVersion); // the informational version
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>0.2.0 and 0.2.0.0 are one version.</summary>
    private static Version Normalized(Version v) => new(v.Major, v.Minor, Math.Max(v.Build, 0), Math.Max(v.Revision, 0));

    private static IReadOnlyList<string> Suffixes(IEnumerable<string> tags, string prefix)
        => tags.Where(t => t.StartsWith(prefix, StringComparison.Ordinal)).Select(t => t.Substring(prefix.Length))
            .OrderBy(t => t, StringComparer.Ordinal).ToList();

    private static XElement NuspecMetadata()
    {
        using var zip = ZipFile.OpenRead(PackagePath);
        var entry = zip.GetEntry("KumaTip.nuspec");
        Assert.NotNull(entry);
        using var stream = entry!.Open();
        var package = XDocument.Load(stream).Root!;
        Assert.Equal("package", package.Name.LocalName);
        return package.Element(package.Name.Namespace + "metadata")!;
    }

    private static string Value(XElement metadata, string name)
    {
        var element = metadata.Element(metadata.Name.Namespace + name);
        Assert.True(element != null, $"the nuspec has no <{name}>");
        return element!.Value;
    }

    private static string Hash(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    private static string Hash(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
