using System.Management.Automation;
using KumaTip.HelpGen;
using KumaTip.PowerShell.Tests.Infrastructure;

namespace KumaTip.PowerShell.Tests;

/// <summary>Get-Help works for every exported cmdlet, from help generated out of the cmdlets' XML doc comments.</summary>
[Collection(PowerShellCollection.Name)]
public sealed class HelpTests : IDisposable
{
    private const string Regenerate = "dotnet run --project tools/KumaTip.HelpGen";

    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    public static TheoryData<string> ExportedCmdlets()
    {
        var data = new TheoryData<string>();
        foreach (var name in Manifest.List("CmdletsToExport")) data.Add(name);
        return data;
    }

    private static string DocsPath => Path.Combine(RepoPaths.Root, "out", "docs", "KumaTip.PowerShell.xml");

    private static string Text(object? value) => value switch
    {
        null => "",
        PSObject o when o.BaseObject is string s => s,
        PSObject o => o.Properties["Text"]?.Value?.ToString() ?? o.ToString(),
        object[] items => string.Join("\n", items.Select(Text)),
        _ => value.ToString() ?? "",
    };

    private static object[] Items(object? value) => value switch
    {
        null => Array.Empty<object>(),
        PSObject o when o.BaseObject is object[] items => items,
        object[] items => items,
        _ => new[] { value },
    };

    [Theory]
    [MemberData(nameof(ExportedCmdlets))]
    public void Full_help_has_synopsis_description_every_parameter_and_two_examples(string cmdlet)
    {
        var help = _host.Run("Get-Help -Name $args[0] -Full", cmdlet).AssertNoErrors().Output.Single();
        var parameterNames = _host.Run("""
            $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
            (Get-Command -Name $args[0]).Parameters.Keys | Where-Object { $common -notcontains $_ }
            """, cmdlet).AssertNoErrors().Output.Select(o => o.ToString()).ToList();

        var synopsis = Text(help.Properties["Synopsis"].Value).Trim();
        Assert.False(string.IsNullOrEmpty(synopsis), cmdlet + " has no synopsis; " + Regenerate);
        Assert.DoesNotContain(cmdlet + " [", synopsis); // the engine's placeholder synopsis is the syntax line
        Assert.True(Text(help.Properties["description"]?.Value).Trim().Length > 40, cmdlet + " has no description (<remarks>); " + Regenerate);

        var documented = Items(((PSObject?)help.Properties["parameters"]?.Value)?.Properties["parameter"]?.Value)
            .Cast<PSObject>()
            .ToDictionary(p => p.Properties["name"].Value.ToString()!, p => Text(p.Properties["description"]?.Value).Trim());
        Assert.NotEmpty(parameterNames);
        foreach (var name in parameterNames)
        {
            Assert.True(documented.TryGetValue(name, out var description) && description.Length > 0,
                cmdlet + " -" + name + " is not documented: write a <summary> on the property and run " + Regenerate);
        }

        var examples = Items(((PSObject?)help.Properties["examples"]?.Value)?.Properties["example"]?.Value).Cast<PSObject>().ToList();
        Assert.True(examples.Count >= 2, cmdlet + " has " + examples.Count + " examples; write at least 2 <example> blocks and run " + Regenerate);
        Assert.All(examples, e =>
        {
            Assert.Contains(cmdlet, Text(e.Properties["code"].Value));
            Assert.False(string.IsNullOrWhiteSpace(Text(e.Properties["remarks"]?.Value)), cmdlet + " has an example without explanation (<para>)");
        });
    }

    [Fact]
    public void Generated_help_is_current_with_the_cmdlets_and_their_doc_comments()
    {
        var checkedIn = Path.Combine(RepoPaths.Root, "module", "en-US", MamlGenerator.HelpFileName);
        var expected = MamlGenerator.Generate(RepoPaths.StagedModule, DocsPath);

        var actual = File.Exists(checkedIn) ? File.ReadAllText(checkedIn).Replace("\r\n", "\n") : "(missing)";
        Assert.True(expected == actual, checkedIn + " is out of date with the cmdlets' XML doc comments: run " + Regenerate + " and commit the result.");
    }

    [Fact]
    public void Cmdlet_pages_in_docs_cmdlets_are_current_and_every_cmdlet_links_to_its_page()
    {
        var folder = Path.Combine(RepoPaths.Root, "docs", "cmdlets");
        var pages = MarkdownGenerator.Generate(RepoPaths.StagedModule, DocsPath);

        foreach (var (name, text) in pages)
        {
            var path = Path.Combine(folder, name);
            var actual = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : "(missing)";
            Assert.True(text == actual, path + " is out of date with the cmdlets' XML doc comments: run " + Regenerate + " and commit the result.");
        }
        // HelpUri is a script property: read it inside the engine.
        var links = _host.Run("Get-Command -Module KumaTip | ForEach-Object { $_.Name + ' ' + $_.HelpUri }").AssertNoErrors().Output
            .Select(o => o.BaseObject.ToString()!.Split(' ')).ToList();
        Assert.Equal(pages.Count - 1, links.Count); // and README.md, the index
        foreach (var link in links)
        {
            Assert.Equal("https://github.com/kumatip/kumatip/blob/main/docs/cmdlets/" + link[0] + ".md", link[1]);
            Assert.True(pages.ContainsKey(link[0] + ".md"), link[0] + " has no page");
        }
    }

    [Fact]
    public void Every_cmdlet_and_parameter_has_doc_comments()
    {
        var gaps = MamlGenerator.Gaps(RepoPaths.StagedModule, DocsPath);

        Assert.True(gaps.Count == 0, "Missing help text:\n" + string.Join("\n", gaps));
    }

    [Fact]
    public void About_topic_is_found_by_Get_Help()
    {
        var help = _host.Run("Get-Help -Name about_KumaTip").AssertNoErrors().Output;

        var text = string.Join("\n", help.Select(h => Text(h)));
        Assert.Contains("about_KumaTip", text);
        foreach (var concept in new[] { "SECRETS", "SETTINGS", "TENANTS", "CACHE", "TASKS", "QUOTA", "SECTIONS", "ENRICHMENT PIPELINE", "REPORTS", "SIMULATOR", "EXAMPLES" })
        {
            Assert.Contains(concept, text);
        }
    }
}
