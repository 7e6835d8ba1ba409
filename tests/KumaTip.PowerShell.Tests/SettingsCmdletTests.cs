using System.Management.Automation;
using KumaTip.PowerShell.Tests.Infrastructure;

namespace KumaTip.PowerShell.Tests;

[Collection(PowerShellCollection.Name)]
public sealed class SettingsCmdletTests : IDisposable
{
    private readonly ModuleHost _host = new();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kumatip-settings-" + Guid.NewGuid().ToString("N"));

    public SettingsCmdletTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        _host.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static object? Prop(PSObject o, string name) => o.Properties[name].Value;

    private void NewSecret(string name, string tenant = "Main")
    {
        var pfx = TestSecrets.WritePfx(_dir, name + tenant + ".pfx", "pfx-pw");
        _host.Run("New-TipSecret -Name $args[0] -Tenant $args[1] -Credential $args[2] -CertificatePath $args[3] -CertificatePassword $args[4]",
            name, tenant, TestSecrets.Credential("user-" + name, "pw"), pfx, TestSecrets.Secure("pfx-pw")).AssertNoErrors();
    }

    [Fact]
    public void Get_TipSettings_shows_the_defaults_before_anything_is_set()
    {
        var settings = Assert.Single(_host.Run("Get-TipSettings").AssertNoErrors().Output);

        Assert.Equal("KumaTip.Core.Storage.TipSettings", settings.BaseObject.GetType().FullName);
        Assert.Equal("Main", Prop(settings, "Tenant"));
        Assert.Equal(false, Prop(settings, "Disabled"));
        Assert.Equal("https://tip.kaspersky.com/", Prop(settings, "Endpoint")!.ToString());
        Assert.Equal(10, Prop(settings, "MaxRecords"));
        Assert.Equal(TimeSpan.FromDays(7), Prop(settings, "CacheTtl"));
        Assert.Equal(4, Prop(settings, "ThrottleLimit"));
    }

    [Fact]
    public void Set_TipSettings_round_trips_every_setting_and_keeps_the_ca_after_its_file_moves()
    {
        NewSecret("prod");
        var ca = TestSecrets.WriteCaPem(_dir, "inspection-ca.pem", "CN=Corp TLS Inspection");
        var script = "Set-TipSettings -Disabled -Secret prod -Proxy 'http://proxy.corp:3128' -ProxyCredential $args[0] " +
                     "-Endpoint 'https://tip.lab.test:8443' -TrustedCaPath $args[1] -MaxRecords 250 -CacheTtl '12:00:00' -ThrottleLimit 2 -PassThru -Verbose -Debug";

        var result = _host.Run(script, TestSecrets.Credential("proxy-admin", "Proxy-Pw-Engine-77"), ca).AssertNoErrors();
        File.Delete(ca);
        var shown = Assert.Single(_host.Run("Get-TipSettings").AssertNoErrors().Output);

        Assert.Single(result.Output);
        Assert.Equal(true, Prop(shown, "Disabled"));
        Assert.Equal("prod", Prop(shown, "Secret"));
        Assert.Equal("http://proxy.corp:3128/", Prop(shown, "Proxy")!.ToString());
        Assert.Equal("pr*****", Prop(shown, "ProxyUser"));
        Assert.Equal("https://tip.lab.test:8443/", Prop(shown, "Endpoint")!.ToString());
        Assert.Equal("CN=Corp TLS Inspection", Prop(shown, "TrustedCa"));
        Assert.Equal(250, Prop(shown, "MaxRecords"));
        Assert.Equal(TimeSpan.FromHours(12), Prop(shown, "CacheTtl"));
        Assert.Equal(2, Prop(shown, "ThrottleLimit"));
        Assert.False(result.AllText().Contains("Proxy-Pw-Engine-77", StringComparison.Ordinal), "a secret appears in the text");
        TestSecrets.AssertNotInFiles(_host.Home, "Proxy-Pw-Engine-77");
    }

    [Fact]
    public void Only_given_settings_change_and_null_clears_an_optional_one()
    {
        NewSecret("prod");
        _host.Run("Set-TipSettings -Proxy 'http://proxy:8080' -ProxyCredential $args[0] -Secret prod -MaxRecords 20", TestSecrets.Credential("proxy-user", "pw")).AssertNoErrors();
        _host.Run("Set-TipSettings -Proxy $null -ProxyCredential $null -Secret $null").AssertNoErrors();

        var shown = _host.Run("Get-TipSettings").AssertNoErrors().Output.Single();
        Assert.Null(Prop(shown, "Proxy"));
        Assert.Null(Prop(shown, "ProxyUser"));
        Assert.Null(Prop(shown, "Secret"));
        Assert.Equal(20, Prop(shown, "MaxRecords"));
    }

    [Theory]
    [InlineData("-MaxRecords 0")]
    [InlineData("-MaxRecords 1001")]
    [InlineData("-ThrottleLimit 0")]
    public void Out_of_range_numbers_are_refused_by_the_binder(string parameters)
    {
        var result = _host.Run("Set-TipSettings " + parameters);
        Assert.StartsWith("ParameterArgumentValidationError,", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Equal(10, Prop(_host.Run("Get-TipSettings").Output.Single(), "MaxRecords"));
    }

    [Fact]
    public void Secret_must_exist_in_the_tenant()
    {
        NewSecret("prod", "CustomerA");

        var error = Assert.Single(_host.Run("Set-TipSettings -Tenant CustomerB -Secret prod").Errors);

        Assert.StartsWith("SecretNotFound,", error.FullyQualifiedErrorId);
        Assert.Contains("'CustomerB'", error.Exception.Message);
        Assert.Null(Prop(_host.Run("Get-TipSettings -Tenant CustomerB").Output.Single(), "Secret"));
    }

    [Fact]
    public void Http_endpoint_and_bad_ca_file_are_specific_errors()
    {
        var notCa = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(notCa, "hello");

        Assert.StartsWith("InvalidEndpoint,", Assert.Single(_host.Run("Set-TipSettings -Endpoint 'http://tip.kaspersky.com'").Errors).FullyQualifiedErrorId);
        Assert.StartsWith("InvalidTrustedCaPath,", Assert.Single(_host.Run("Set-TipSettings -TrustedCaPath $args[0]", notCa).Errors).FullyQualifiedErrorId);
        Assert.StartsWith("TrustedCaPathNotFound,", Assert.Single(_host.Run("Set-TipSettings -TrustedCaPath $args[0]", notCa + ".missing").Errors).FullyQualifiedErrorId);
    }

    [Theory]
    [InlineData("-Proxy", "http://bob:Proxy-Pw-In-Uri-91@proxy.corp:3128", "InvalidProxy,")]
    [InlineData("-Proxy", "bob:Proxy-Pw-In-Uri-91@proxy.corp:3128", "InvalidProxy,")]
    [InlineData("-Endpoint", "https://bob:Proxy-Pw-In-Uri-91@tip.lab.test", "InvalidEndpoint,")]
    [InlineData("-Endpoint", "bob:Proxy-Pw-In-Uri-91@tip.lab.test", "InvalidEndpoint,")]
    public void Address_with_a_password_is_refused_without_echoing_the_password(string parameter, string value, string errorId)
    {
        var result = _host.Run($"Set-TipSettings {parameter} $args[0]; $Error[0]", value);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith(errorId, error.FullyQualifiedErrorId);
        Assert.True(Equals("Main", error.TargetObject), "the error target is not the tenant");
        var fromDollarError = (ErrorRecord)Assert.Single(result.Output).BaseObject;
        var shown = string.Join("\n", error.ToString(), error.Exception.Message, error.CategoryInfo.ToString(), error.CategoryInfo.TargetName,
            fromDollarError.TargetObject, fromDollarError.CategoryInfo.GetMessage(), result.AllText());
        Assert.False(shown.Contains("Proxy-Pw-In-Uri-91", StringComparison.Ordinal), "the password appears in the error");
    }

    [Fact]
    public void Proxy_bypass_list_is_stored_shown_and_cleared()
    {
        _host.Run("Set-TipSettings -Proxy 'http://proxy.corp:3128' -ProxyBypass '*.corp.local', '10.*', '<local>'").AssertNoErrors();

        var shown = _host.Run("Get-TipSettings").AssertNoErrors().Output.Single();
        Assert.Equal(new[] { "*.corp.local", "10.*", "<local>" }, (IEnumerable<string>)Prop(shown, "ProxyBypass")!);

        _host.Run("Set-TipSettings -ProxyBypass $null").AssertNoErrors();
        Assert.Empty((IEnumerable<string>)Prop(_host.Run("Get-TipSettings").AssertNoErrors().Output.Single(), "ProxyBypass")!);
    }

    [Fact]
    public void Proxy_bypass_entry_with_a_password_is_refused_without_echoing_it()
    {
        var error = Assert.Single(_host.Run("Set-TipSettings -ProxyBypass 'bob:Bypass-Pw-33@host'").Errors);

        Assert.StartsWith("InvalidProxyBypass,", error.FullyQualifiedErrorId);
        Assert.False(error.ToString().Contains("Bypass-Pw-33", StringComparison.Ordinal), "the password appears in the error");
    }

    [Fact]
    public void Set_TipSettings_honours_WhatIf()
    {
        _host.Run("Set-TipSettings -Disabled -WhatIf").AssertNoErrors();
        Assert.Equal(false, Prop(_host.Run("Get-TipSettings").Output.Single(), "Disabled"));
    }

    [Fact]
    public void Tenants_keep_their_own_settings()
    {
        _host.Run("Set-TipSettings -Tenant CustomerA -Disabled -MaxRecords 5").AssertNoErrors();

        Assert.Equal(true, Prop(_host.Run("Get-TipSettings -Tenant CustomerA").Output.Single(), "Disabled"));
        Assert.Equal(false, Prop(_host.Run("Get-TipSettings").Output.Single(), "Disabled"));
        Assert.Equal(10, Prop(_host.Run("Get-TipSettings -Tenant CustomerB").Output.Single(), "MaxRecords"));
    }

    [Fact]
    public void Get_TipLicense_before_any_request_shows_zero_requests_and_unknown_quota()
    {
        var result = _host.Run("Get-TipLicense -Tenant CustomerA -Verbose").AssertNoErrors();

        var license = Assert.Single(result.Output);
        Assert.Equal("KumaTip.Core.Connection.TipLicense", license.BaseObject.GetType().FullName);
        Assert.Equal("CustomerA", Prop(license, "Tenant"));
        Assert.Equal(0, Prop(license, "RequestsToday"));
        Assert.Equal(0, Prop(license, "RequestsTotal"));
        Assert.Null(Prop(license, "Remaining"));
        Assert.Contains("Test-TipConnection", Assert.Single(result.Verbose).Message);
    }

    [Fact]
    public void Tab_completion_offers_secret_names_of_the_typed_tenant_and_known_tenants()
    {
        NewSecret("prod-eu");
        NewSecret("prod-us");
        NewSecret("prod-apac", "Customer A");

        string[] Complete(string line) => _host.Run("(TabExpansion2 -inputScript $args[0] -cursorColumn $args[0].Length).CompletionMatches | ForEach-Object CompletionText", line)
            .AssertNoErrors().Output.Select(o => o.ToString()).ToArray();

        Assert.Equal(new[] { "prod-eu", "prod-us" }, Complete("Get-TipSecret -Name pro"));
        Assert.Equal(new[] { "prod-apac" }, Complete("Remove-TipSecret -Tenant 'Customer A' -Name p"));
        Assert.Equal(new[] { "prod-eu", "prod-us" }, Complete("Set-TipSettings -Secret p"));
        Assert.Equal(new[] { "'Customer A'", "Main" }, Complete("Get-TipSecret -Tenant "));
    }
}
