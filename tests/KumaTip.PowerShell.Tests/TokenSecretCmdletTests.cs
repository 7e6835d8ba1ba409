using System.Management.Automation;
using KumaTip.PowerShell.Tests.Infrastructure;

namespace KumaTip.PowerShell.Tests;

/// <summary>
/// Token secrets through the cmdlets in the real engine: parameter sets keep -ApiToken apart from -Credential and
/// -CertificatePath, rotation works by name and from the pipeline, and no stream ever holds the token.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class TokenSecretCmdletTests : IDisposable
{
    private const string Token = "engineTok-5c1f0e9a2b7d4c3e8f6a1b2c3d4e5f60-Hq7";
    private const string RotatedToken = "engineTok-9f8e7d6c5b4a39281706f5e4d3c2b1a0-Zr2";
    private readonly ModuleHost _host = new();

    public void Dispose() => _host.Dispose();

    private static string Prop(PSObject o, string name) => o.Properties[name].Value?.ToString() ?? "";

    private PsResult NewToken(string name = "tok", string token = Token, string extra = "")
        => _host.Run($"New-TipSecret -Name $args[0] -ApiToken $args[1] {extra}", name, TestSecrets.Secure(token));

    [Fact]
    public void New_TipSecret_ApiToken_shows_a_token_secret_and_no_stream_holds_the_token()
    {
        var result = NewToken(extra: "-Description 'SOC token' -Verbose -Debug").AssertNoErrors();
        // Rendering (Format-*, ConvertTo-Json) needs the Utility module this engine lacks: Tokens.Tests.ps1 covers it on pwsh.
        var listed = _host.Run("Get-TipSecret -Verbose -Debug").AssertNoErrors();

        var secret = Assert.Single(result.Output);
        Assert.Equal("ApiToken", Prop(secret, "Authentication"));
        Assert.Equal("*****" + Token[^4..], Prop(secret, "TokenHint"));
        Assert.Equal("", Prop(secret, "User"));
        Assert.NotEmpty(result.Verbose);
        Assert.Equal("ApiToken", Prop(Assert.Single(listed.Output), "Authentication"));
        Assert.False((result.AllText() + listed.AllText()).Contains(Token[..12], StringComparison.Ordinal), "the token appears in a stream");
        TestSecrets.AssertNotInFiles(_host.Home, Token);
    }

    [Fact]
    public void ApiToken_cannot_be_given_with_a_credential_or_a_certificate()
    {
        var result = _host.Run("New-TipSecret -Name both -ApiToken $args[0] -Credential $args[1] -CertificatePath ./x.pfx",
            TestSecrets.Secure(Token), TestSecrets.Credential("u", "p"));
        NewToken().AssertNoErrors();
        var set = _host.Run("Set-TipSecret -Name tok -ApiToken $args[0] -Credential $args[1]", TestSecrets.Secure(RotatedToken), TestSecrets.Credential("u", "p"));

        Assert.StartsWith("AmbiguousParameterSet", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.StartsWith("AmbiguousParameterSet", Assert.Single(set.Errors).FullyQualifiedErrorId);
        Assert.Single(_host.Run("Get-TipSecret").AssertNoErrors().Output);
    }

    [Fact]
    public void Set_TipSecret_ApiToken_rotates_by_name_and_from_the_pipeline_and_description_alone_still_binds()
    {
        NewToken().AssertNoErrors();

        var byName = _host.Run("Set-TipSecret -Name tok -ApiToken $args[0] -PassThru -Verbose", TestSecrets.Secure(RotatedToken)).AssertNoErrors();
        var piped = _host.Run("Get-TipSecret tok | Set-TipSecret -ApiToken $args[0] -PassThru", TestSecrets.Secure(Token)).AssertNoErrors();
        var described = _host.Run("Get-TipSecret tok | Set-TipSecret -Description rotated -PassThru").AssertNoErrors();

        Assert.Equal("*****" + RotatedToken[^4..], Prop(Assert.Single(byName.Output), "TokenHint"));
        Assert.Equal("*****" + Token[^4..], Prop(Assert.Single(piped.Output), "TokenHint"));
        Assert.Equal("rotated", Prop(Assert.Single(described.Output), "Description"));
        Assert.False((byName.AllText() + piped.AllText()).Contains(RotatedToken[..12], StringComparison.Ordinal), "the token appears in a stream");
        TestSecrets.AssertNotInFiles(_host.Home, Token, RotatedToken);
    }

    [Fact]
    public void A_bad_token_and_a_token_for_a_certificate_secret_are_specific_errors_that_change_nothing()
    {
        var bad = NewToken(token: "Bearer " + Token);
        var dir = Path.Combine(_host.Home, "pfx");
        Directory.CreateDirectory(dir);
        var pfx = TestSecrets.WritePfx(dir, "c.pfx", "pfx-pw");
        _host.Run("New-TipSecret -Name cert -Credential $args[0] -CertificatePath $args[1] -CertificatePassword $args[2]",
            TestSecrets.Credential("tip-user", "tip-pass"), pfx, TestSecrets.Secure("pfx-pw")).AssertNoErrors();

        var mismatch = _host.Run("Set-TipSecret -Name cert -ApiToken $args[0]", TestSecrets.Secure(Token));

        var badError = Assert.Single(bad.Errors);
        Assert.StartsWith("ApiTokenInvalid,", badError.FullyQualifiedErrorId);
        Assert.Contains("'Bearer '", badError.Exception.Message);
        var mismatchError = Assert.Single(mismatch.Errors);
        Assert.StartsWith("SecretAuthenticationMismatch,", mismatchError.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, mismatchError.CategoryInfo.Category);
        Assert.False((bad.AllText() + mismatch.AllText()).Contains(Token[..12], StringComparison.Ordinal), "the token appears in a stream");
        Assert.Equal("Certificate", Prop(Assert.Single(_host.Run("Get-TipSecret").AssertNoErrors().Output), "Authentication"));
    }

    [Fact]
    public void Get_TipSettings_says_how_the_chosen_secret_signs_in()
    {
        NewToken().AssertNoErrors();
        _host.Run("Set-TipSettings -Secret tok").AssertNoErrors();

        var settings = Assert.Single(_host.Run("Get-TipSettings").AssertNoErrors().Output);

        Assert.Equal("ApiToken", Prop(settings, "SecretAuthentication"));
    }
}
