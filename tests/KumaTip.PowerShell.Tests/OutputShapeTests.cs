using KumaTip.PowerShell.Tests.Infrastructure;

namespace KumaTip.PowerShell.Tests;

/// <summary>
/// Output objects as scripts handle them, in the real engine and without a portal: set by name, filtered by name,
/// read as Export-Csv reads a cell (ToString), and shown through the module's type data. Rendering (Out-String at 80
/// columns), ConvertTo-Json and Export-Csv need the Utility module, which this hosted engine lacks: the Pester suite
/// (tests/KumaTip.Pester/Output.Tests.ps1) checks them on real pwsh.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class OutputShapeTests : IDisposable
{
    /// <summary>A result built the way scripts (and ExportTipReportTests) build one.</summary>
    private const string NewResult = """
        $r = [KumaTip.Core.Lookups.TipLookupResult]::new()
        $r.Indicator = 'update-secure-login.com'; $r.Type = 'domain'; $r.Found = $true; $r.Zone = 'Red'; $r.Status = 'Dangerous'
        $r.Categories = 'CATEGORY_PHISHING', 'CATEGORY_MALWARE'
        $r.Sections = @('Zone')
        $r.ReceivedAt = [datetimeoffset]::new(2026, 11, 28, 12, 15, 0, [timespan]::FromHours(3))

        """;

    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    private IReadOnlyList<string> Lines(string script)
        => _host.Run(NewResult + script).AssertNoErrors().Output.Select(o => o?.ToString() ?? "").ToList();

    [Fact]
    public void A_script_sets_zone_type_lists_and_time_by_name_and_gets_names_and_UTC_back()
    {
        var lines = Lines("""
            $r.Type; $r.Zone; $r.Categories.GetType().Name; $r.Categories.Count; $r.ReceivedAt.Offset.Ticks; $r.ReceivedAt.Hour
            $r.ReceivedAt = [datetime]::SpecifyKind([datetime]'2026-11-28T09:15:00', 'Utc'); $r.ReceivedAt.Hour
            $r.Zone = [KumaTip.Core.Api.TipZone]::Orange; $r.Zone
            $r.Categories = 'CATEGORY_ONE'; $r.Categories.Count
            """);

        Assert.Equal(new[] { "Domain", "Red", "TipList`1", "2", "0", "9", "9", "Orange", "1" }, lines);
    }

    [Fact]
    public void A_zone_that_is_not_one_is_refused_naming_the_zones()
    {
        var result = _host.Run(NewResult + "$r.Zone = 'Purple'");

        var error = Assert.Single(result.Errors);
        Assert.Contains("'Purple' is not a zone; use one of: Red, Orange, Yellow, Grey, Green.", error.ToString());
    }

    [Fact]
    public void Where_Object_and_the_Where_method_select_by_zone_and_type_name()
    {
        var lines = Lines("""
            @($r | Where-Object Zone -EQ Red).Count
            @($r | Where-Object Zone -EQ ([KumaTip.Core.Api.TipZone]::Red)).Count
            @($r.Where({ $_.Type -eq 'Domain' -and $_.Categories -contains 'CATEGORY_MALWARE' })).Count
            [int][KumaTip.Core.Api.TipZone]$r.Zone
            """);

        Assert.Equal(new[] { "1", "1", "1", "0" }, lines);
    }

    [Fact]
    public void Lists_read_as_one_cell_the_way_Export_Csv_reads_a_property()
    {
        var lines = Lines("""
            $r.Categories.ToString()
            $r.Sections.ToString()
            $s = [KumaTip.Core.Storage.TipSettings]::new(); $s.ProxyBypass = '*.corp.local', '<local>'; $s.ProxyBypass.ToString()
            """);

        Assert.Equal(new[] { "CATEGORY_PHISHING; CATEGORY_MALWARE", "Zone", "*.corp.local; <local>" }, lines);
    }

    [Theory]
    [InlineData("[KumaTip.Core.Lookups.TipLookupResult]::new()", "Indicator,Type,Zone,Status,Categories,ReceivedAt,FromCache,TaskId,PortalUrl")]
    [InlineData("[KumaTip.Core.Lookups.TipTask]::new()", "Id,Type,Status,Total,Done,Failed,Pending,Created,LastUpdate,CreatedBy,Tenant,Message")]
    [InlineData("[KumaTip.Core.Secrets.TipSecret]::new()", "Tenant,Name,Type,Authentication,User,TokenHint,Description,CertificateSubject,CertificateNotAfter")]
    [InlineData("[KumaTip.Core.Storage.TipSettings]::new()", "Tenant,Disabled,Secret,SecretAuthentication,Service,Endpoint,Proxy,TrustedCa,MaxRecords,CacheTtl,ThrottleLimit")]
    [InlineData("[KumaTip.Core.Connection.TipConnectionTest]::new()", "Tenant,Endpoint,Succeeded,StatusCode,Message,DayRequests,DayQuota,Elapsed")]
    [InlineData("[KumaTip.Core.Connection.TipLicense]::new()", "Tenant,AccessType,DayQuota,DayRequests,Remaining,RequestsToday,RequestsTotal,LicenseSeenAt")]
    [InlineData("[KumaTip.Core.Indicators.TipIndicator]::new('a.com', 'Domain', 'a[.]com')", "Value,Type,Original,Source,Defanged")]
    [InlineData("[KumaTip.Core.Lookups.LookupForecast]::new()", "Tenant,Rows,Invalid,Unique,Cached,ToRequest,QuotaLeft")]
    [InlineData("[KumaTip.Core.Stores.TipStore]::new()", "Kind,Source,Status,Server,Port,Database,User,SchemaVersion,ModuleSchemaVersion")]
    [InlineData("[KumaTip.Core.Stores.Copy.TipStoreCopySummary]::new()", "Target,Tenants,FailedTenants,ResultsCopied,ResultsSkippedAsOlder,ResultsAlreadyPresent,TasksCopied,TasksAlreadyCopied,ItemsCopied,LedgerRowsCopied,LedgerRowsAlreadyCopied,LicensesCopied")]
    public void Every_output_type_shows_a_default_set_of_properties_that_it_has(string create, string expected)
    {
        var lines = Lines($$"""
            $o = {{create}}
            ($o.PSStandardMembers.DefaultDisplayPropertySet.ReferencedPropertyNames) -join ','
            @($o.PSStandardMembers.DefaultDisplayPropertySet.ReferencedPropertyNames | Where-Object { $_ -notin $o.PSObject.Properties.Name }).Count
            """);

        Assert.Equal(new[] { expected, "0" }, lines);
    }
}
