using System.Management.Automation;
using KumaTip.PowerShell.Tests.Infrastructure;

namespace KumaTip.PowerShell.Tests;

[Collection(PowerShellCollection.Name)]
public sealed class SecretCmdletTests : IDisposable
{
    private const string User = "analyst.api@corp";
    private const string Password = "Tip-Engine-Pa55-4471";
    private const string PfxPassword = "Pfx-Engine-Secret-9902";
    private readonly ModuleHost _host = new();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kumatip-secrets-" + Guid.NewGuid().ToString("N"));
    private readonly string _pfx;

    public SecretCmdletTests()
    {
        Directory.CreateDirectory(_dir);
        _pfx = TestSecrets.WritePfx(_dir, "client.pfx", PfxPassword, subject: "CN=soc-api-client");
    }

    public void Dispose()
    {
        _host.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static string Prop(PSObject o, string name) => o.Properties[name].Value?.ToString() ?? "";

    private PsResult NewSecret(string name, string tenant = "Main", string? pfx = null, string pfxPassword = PfxPassword, string extra = "")
        => _host.Run($"New-TipSecret -Name $args[0] -Tenant $args[1] -Credential $args[2] -CertificatePath $args[3] -CertificatePassword $args[4] {extra}",
            name, tenant, TestSecrets.Credential(User, Password), pfx ?? _pfx, TestSecrets.Secure(pfxPassword));

    [Fact]
    public void New_TipSecret_outputs_masked_user_and_certificate_details_and_no_secret_in_any_stream()
    {
        var result = NewSecret("prod", extra: "-Description 'SOC production' -Verbose -Debug").AssertNoErrors();

        var secret = Assert.Single(result.Output);
        Assert.Equal("KumaTip.Core.Secrets.TipSecret", secret.BaseObject.GetType().FullName);
        Assert.Equal("prod", Prop(secret, "Name"));
        Assert.Equal("Main", Prop(secret, "Tenant"));
        Assert.Equal("ktl", Prop(secret, "Type"));
        Assert.Equal("an*****", Prop(secret, "User"));
        Assert.Equal("SOC production", Prop(secret, "Description"));
        Assert.Equal("CN=soc-api-client", Prop(secret, "CertificateSubject"));
        Assert.NotEmpty(result.Verbose);
        Assert.NotEmpty(result.Debug);
        var all = result.AllText();
        Assert.False(all.Contains(Password, StringComparison.Ordinal), "a secret appears in the text");
        Assert.False(all.Contains(PfxPassword, StringComparison.Ordinal), "a secret appears in the text");
        Assert.False(all.Contains(User, StringComparison.Ordinal), "a secret appears in the text");
    }

    [Fact]
    public void No_file_in_the_data_directory_holds_a_password_and_permissions_are_owner_only()
    {
        NewSecret("prod").AssertNoErrors();
        _host.Run("Set-TipSettings -Secret prod -ProxyCredential $args[0]", TestSecrets.Credential("proxy-user-55", "Proxy-Engine-Pw-31")).AssertNoErrors();

        TestSecrets.AssertNotInFiles(_host.Home, Password, PfxPassword, "Proxy-Engine-Pw-31");
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_host.Home));
        foreach (var file in Directory.GetFiles(_host.Home))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    [Fact]
    public void Wrong_certificate_password_is_refused_without_echoing_it_and_nothing_is_stored()
    {
        var result = NewSecret("prod", pfxPassword: "Wrong-Guess-Pw-808", extra: "-Verbose -Debug");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("CertificatePasswordWrong,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Contains("client.pfx", error.Exception.Message);
        Assert.False(result.AllText().Contains("Wrong-Guess-Pw-808", StringComparison.Ordinal), "a secret appears in the text");
        Assert.False(result.AllText().Contains(Password, StringComparison.Ordinal), "a secret appears in the text");
        Assert.Empty(_host.Run("Get-TipSecret").AssertNoErrors().Output);
    }

    [Fact]
    public void Expired_certificate_is_refused()
    {
        var expired = TestSecrets.WritePfx(_dir, "expired.pfx", PfxPassword, validFor: TimeSpan.FromDays(-2), startedAgo: TimeSpan.FromDays(400));

        var error = Assert.Single(NewSecret("old", pfx: expired).Errors);

        Assert.StartsWith("CertificateExpired,", error.FullyQualifiedErrorId);
        Assert.Empty(_host.Run("Get-TipSecret").AssertNoErrors().Output);
    }

    [Fact]
    public void Certificate_expiring_within_30_days_is_stored_with_a_warning()
    {
        var soon = TestSecrets.WritePfx(_dir, "soon.pfx", PfxPassword, validFor: TimeSpan.FromDays(9));

        var result = NewSecret("soon", pfx: soon).AssertNoErrors();

        Assert.Single(result.Output);
        Assert.Contains("expires on", Assert.Single(result.Warnings).Message);
    }

    [Fact]
    public void Missing_certificate_file_is_a_specific_error()
    {
        var error = Assert.Single(NewSecret("prod", pfx: Path.Combine(_dir, "nope.pfx")).Errors);
        Assert.StartsWith("CertificatePathNotFound,", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void Duplicate_name_in_a_tenant_is_refused_but_another_tenant_may_use_it()
    {
        NewSecret("prod").AssertNoErrors();

        var error = Assert.Single(NewSecret("PROD").Errors);
        Assert.StartsWith("SecretAlreadyExists,", error.FullyQualifiedErrorId);
        NewSecret("prod", tenant: "CustomerA").AssertNoErrors();
    }

    [Fact]
    public void Get_TipSecret_filters_with_wildcards_and_reports_a_missing_exact_name()
    {
        NewSecret("prod-eu").AssertNoErrors();
        NewSecret("prod-us").AssertNoErrors();
        NewSecret("lab").AssertNoErrors();

        var wild = _host.Run("Get-TipSecret -Name 'prod*'").AssertNoErrors();
        Assert.Equal(new[] { "prod-eu", "prod-us" }, wild.Output.Select(o => Prop(o, "Name")));
        Assert.Equal(3, _host.Run("Get-TipSecret").AssertNoErrors().Output.Count);
        Assert.Empty(_host.Run("Get-TipSecret -Name 'x*'").AssertNoErrors().Output);

        var missing = _host.Run("Get-TipSecret -Name nothing");
        Assert.StartsWith("SecretNotFound,", Assert.Single(missing.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void Set_TipSecret_replaces_parts_and_PassThru_writes_the_secret()
    {
        NewSecret("prod").AssertNoErrors();
        var renewed = TestSecrets.WritePfx(_dir, "renewed.pfx", "New-Pfx-Pw-71", subject: "CN=renewed-client");

        var silent = _host.Run("Set-TipSecret -Name prod -Description 'changed'").AssertNoErrors();
        Assert.Empty(silent.Output);
        var result = _host.Run("Get-TipSecret prod | Set-TipSecret -CertificatePath $args[0] -CertificatePassword $args[1] -Credential $args[2] -PassThru -Verbose -Debug",
            renewed, TestSecrets.Secure("New-Pfx-Pw-71"), TestSecrets.Credential("bob.api", "Bob-New-Pw-61")).AssertNoErrors();

        var secret = Assert.Single(result.Output);
        Assert.Equal("CN=renewed-client", Prop(secret, "CertificateSubject"));
        Assert.Equal("bo*****", Prop(secret, "User"));
        Assert.Equal("changed", Prop(secret, "Description"));
        Assert.False(result.AllText().Contains("New-Pfx-Pw-71", StringComparison.Ordinal), "a secret appears in the text");
        Assert.False(result.AllText().Contains("Bob-New-Pw-61", StringComparison.Ordinal), "a secret appears in the text");
        TestSecrets.AssertNotInFiles(_host.Home, "New-Pfx-Pw-71", "Bob-New-Pw-61");
    }

    [Fact]
    public void Set_TipSecret_with_a_wrong_new_certificate_password_changes_nothing()
    {
        NewSecret("prod").AssertNoErrors();
        var renewed = TestSecrets.WritePfx(_dir, "renewed.pfx", "Right-Pw-1", subject: "CN=renewed-client");

        var result = _host.Run("Set-TipSecret -Name prod -CertificatePath $args[0] -CertificatePassword $args[1]", renewed, TestSecrets.Secure("Wrong-Pw-2"));

        Assert.StartsWith("CertificatePasswordWrong,", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Equal("CN=soc-api-client", Prop(_host.Run("Get-TipSecret prod").AssertNoErrors().Output.Single(), "CertificateSubject"));
    }

    [Fact]
    public void Remove_TipSecret_honours_WhatIf_and_removes_with_Confirm_false()
    {
        NewSecret("prod").AssertNoErrors();

        _host.Run("Remove-TipSecret -Name prod -WhatIf").AssertNoErrors();
        Assert.Single(_host.Run("Get-TipSecret").AssertNoErrors().Output);

        _host.Run("Remove-TipSecret -Name prod -Confirm:$false").AssertNoErrors();
        Assert.Empty(_host.Run("Get-TipSecret").AssertNoErrors().Output);
    }

    [Fact]
    public void Remove_TipSecret_refuses_the_secret_the_connection_uses_unless_Force()
    {
        NewSecret("prod").AssertNoErrors();
        _host.Run("Set-TipSettings -Secret prod").AssertNoErrors();

        var refused = _host.Run("Remove-TipSecret -Name prod -Confirm:$false");
        var error = Assert.Single(refused.Errors);
        Assert.StartsWith("SecretInUse,", error.FullyQualifiedErrorId);
        Assert.Contains("-Force", error.Exception.Message);
        Assert.Single(_host.Run("Get-TipSecret").AssertNoErrors().Output);

        _host.Run("Get-TipSecret prod | Remove-TipSecret -Force -Confirm:$false").AssertNoErrors();
        Assert.Empty(_host.Run("Get-TipSecret").AssertNoErrors().Output);
    }

    [Fact]
    public void Removing_a_missing_secret_is_a_specific_error()
    {
        var result = _host.Run("Remove-TipSecret -Name ghost -Confirm:$false");
        Assert.StartsWith("SecretNotFound,", Assert.Single(result.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void Tenants_do_not_see_each_others_secrets()
    {
        NewSecret("a-only", tenant: "CustomerA").AssertNoErrors();
        NewSecret("b-only", tenant: "CustomerB").AssertNoErrors();

        Assert.Equal(new[] { "a-only" }, _host.Run("Get-TipSecret -Tenant CustomerA").AssertNoErrors().Output.Select(o => Prop(o, "Name")));
        Assert.Empty(_host.Run("Get-TipSecret").AssertNoErrors().Output);
        Assert.StartsWith("SecretNotFound,", Assert.Single(_host.Run("Remove-TipSecret b-only -Tenant CustomerA -Confirm:$false").Errors).FullyQualifiedErrorId);
        Assert.Single(_host.Run("Get-TipSecret -Tenant CustomerB").AssertNoErrors().Output);
    }
}
