using System.Management.Automation;
using KumaTip.PowerShell.Tests.Infrastructure;

namespace KumaTip.PowerShell.Tests;

[Collection(PowerShellCollection.Name)]
public sealed class ExportTipReportTests : IDisposable
{
    /// <summary>Defines New-Result, which builds a lookup result as Invoke-TipLookup would, with a hostile WHOIS option.</summary>
    private const string NewResult = """
        function New-Result([string] $Indicator, [string] $Zone = 'Red', [switch] $Hostile) {
            $r = [KumaTip.Core.Lookups.TipLookupResult]::new()
            $r.Indicator = $Indicator
            $r.Type = 'Domain'
            $r.Found = $true
            $r.Zone = $Zone
            $r.Status = 'Dangerous'
            $r.Categories = [string[]]@('CATEGORY_PHISHING')
            $r.ReceivedAt = [datetime]::SpecifyKind([datetime]'2026-11-28T09:15:00', 'Utc')
            $r.PortalUrl = "https://opentip.kaspersky.com/$Indicator/"
            $w = [KumaTip.Core.Api.Sections.DomainWhoIsInfo]::new()
            $w.DomainName = $Indicator
            $w.NameServers = [System.Collections.Generic.List[string]]::new()
            $w.NameServers.Add('ns1.example.net')
            if ($Hostile) {
                $r.Status = '=HYPERLINK("http://evil.example","x")'
                $w.RegistrationOrganization = '<script>alert(1)</script>'
            }
            $r.WhoIs = $w
            $r.Raw = '{"Zone":"' + $Zone + '"}'
            $r
        }

        """;

    private readonly ModuleHost _host = new();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kumatip-report-" + Guid.NewGuid().ToString("N"));

    public ExportTipReportTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        _host.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private PsResult Run(string script, params object?[] args) => _host.Run(NewResult + script, args);

    [Fact]
    public void Piped_results_become_an_html_report_and_the_file_is_returned()
    {
        var path = Path.Combine(_dir, "INC-4711.html");

        var result = Run("(New-Result evil.example), (New-Result 185.220.101.4 Orange) | Export-TipReport -Path $args[0]", path).AssertNoErrors();

        var file = Assert.IsType<FileInfo>(Assert.Single(result.Output).BaseObject);
        Assert.Equal(path, file.FullName);
        var html = File.ReadAllText(path);
        Assert.Equal(2, html.Split("<article class=\"card ").Length - 1);
        Assert.Contains("data-zone=\"Orange\" data-count=\"1\"", html);
        Assert.Equal(new[] { path }, Directory.GetFiles(_dir));
    }

    [Fact]
    public void Format_follows_the_extension_and_Format_overrides_it()
    {
        var csv = Path.Combine(_dir, "enriched.csv");
        var json = Path.Combine(_dir, "lookup.txt");

        Run("New-Result evil.example | Export-TipReport $args[0]; New-Result evil.example | Export-TipReport $args[1] -Format Json", csv, json).AssertNoErrors();

        Assert.StartsWith("Indicator,Type,Zone,Status", File.ReadAllText(csv));
        Assert.StartsWith("[", File.ReadAllText(json).TrimStart());
        Assert.Contains("\"Raw\": {", File.ReadAllText(json));
    }

    [Fact]
    public void Hostile_whois_is_neutralised_in_csv_and_encoded_in_html()
    {
        var csv = Path.Combine(_dir, "hostile.csv");
        var html = Path.Combine(_dir, "hostile.html");

        Run("$r = New-Result pwn.example -Hostile; $r | Export-TipReport $args[0]; $r | Export-TipReport $args[1]", csv, html).AssertNoErrors();

        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"", File.ReadAllText(csv));
        Assert.DoesNotContain("<script>", File.ReadAllText(html));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", File.ReadAllText(html));
    }

    [Fact]
    public void Existing_file_is_not_replaced_without_Force()
    {
        var path = Path.Combine(_dir, "report.html");
        File.WriteAllText(path, "yesterday");

        var refused = Run("New-Result evil.example | Export-TipReport -Path $args[0]", path);

        var record = Assert.Single(refused.Errors);
        Assert.StartsWith("ReportFileExists,", record.FullyQualifiedErrorId);
        Assert.Contains("-Force", record.Exception.Message);
        Assert.Equal("yesterday", File.ReadAllText(path));

        Run("New-Result evil.example | Export-TipReport -Path $args[0] -Force", path).AssertNoErrors();

        Assert.Contains("evil.example", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(_dir));
    }

    [Fact]
    public void Objects_that_are_not_results_are_reported_by_type_and_the_results_are_still_written()
    {
        var path = Path.Combine(_dir, "mixed.json");

        var result = Run("""
            $wrapped = [psobject]::new((New-Result wrapped.example))
            $wrapped.psobject.Properties.Add([psnoteproperty]::new('Ticket', 'INC-1'))
            'evil.example', (New-Result good.example), $wrapped, [pscustomobject]@{ Indicator = 'x.example' } | Export-TipReport -Path $args[0]
            """, path);

        Assert.Null(result.Terminating);
        Assert.True(result.Errors.Count == 2, string.Join("\n", result.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
        Assert.All(result.Errors, e => Assert.StartsWith("ReportInputNotLookupResult,", e.FullyQualifiedErrorId));
        Assert.Contains("System.String ('evil.example')", result.Errors[0].Exception.Message);
        Assert.Contains("System.Management.Automation.PSCustomObject", result.Errors[1].Exception.Message);
        var json = File.ReadAllText(path);
        Assert.Contains("good.example", json);
        Assert.Contains("wrapped.example", json);
        Assert.DoesNotContain("x.example", json);
        Assert.Single(result.Output);
    }

    [Fact]
    public void Relative_path_resolves_against_the_current_location()
    {
        var result = Run("$null = $ExecutionContext.SessionState.Path.SetLocation($args[0]); New-Result evil.example | Export-TipReport -Path .\\relative.csv", _dir).AssertNoErrors();

        Assert.True(File.Exists(Path.Combine(_dir, "relative.csv")));
        Assert.Equal(Path.Combine(_dir, "relative.csv"), ((FileInfo)result.Output.Single().BaseObject).FullName);
    }

    [Fact]
    public void WhatIf_writes_nothing()
    {
        var result = Run("New-Result evil.example | Export-TipReport -Path $args[0] -WhatIf", Path.Combine(_dir, "r.html")).AssertNoErrors();

        Assert.Empty(result.Output);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Unknown_extension_without_Format_is_refused_with_the_cure()
    {
        var result = Run("New-Result evil.example | Export-TipReport -Path $args[0]", Path.Combine(_dir, "r.xlsx"));

        var record = Assert.Single(result.Errors);
        Assert.StartsWith("ReportFormatUnknown,", record.FullyQualifiedErrorId);
        Assert.Contains("-Format", record.Exception.Message);
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void A_failure_later_in_the_pipeline_leaves_no_partial_report()
    {
        var path = Path.Combine(_dir, "broken.html");

        var result = Run("& { New-Result evil.example; throw 'lookup failed' } | Export-TipReport -Path $args[0]", path);

        Assert.Contains("lookup failed", result.Terminating?.Message ?? string.Join("\n", result.Errors));
        Assert.Empty(Directory.GetFiles(_dir));
    }
}
