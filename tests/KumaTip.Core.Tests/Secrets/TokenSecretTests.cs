using KumaTip.Core.Secrets;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Tests.Secrets;

/// <summary>
/// API token secrets: stored encrypted, shown only as a masked hint, rotated with Set-TipSecret -ApiToken, never mixed
/// with a user and certificate. Secret values are compared with Assert.True so that a failure never prints them.
/// </summary>
public sealed class TokenSecretTests : IDisposable
{
    private const string Token = "tipTok3n-7f2c9e41a0b84d6c95e1f3a2b7d8c6e5-Qz1";
    private const string RotatedToken = "tipTok3n-0a1b2c3d4e5f60718293a4b5c6d7e8f9-Xw9";
    private readonly TempDirectory _temp = new();
    private readonly TipWorkspace _workspace;

    public TokenSecretTests() => _workspace = new TipWorkspace(_temp.Path);

    public void Dispose()
    {
        _workspace.Dispose();
        _temp.Dispose();
    }

    private TipSecret AddToken(string name = "tok", string tenant = "Main", string token = Token)
        => _workspace.Secrets.Add(new NewSecret { Tenant = tenant, Name = name, ApiToken = token, Description = "SOC token" });

    [Fact]
    public void A_token_secret_is_shown_as_a_token_with_a_masked_hint_and_no_value()
    {
        var shown = AddToken();

        Assert.Equal(SecretAuthentication.ApiToken, shown.Authentication);
        Assert.Equal("ktl", shown.Type);
        Assert.Equal("*****" + Token[^4..], shown.TokenHint);
        Assert.Equal("", shown.User);
        Assert.Null(shown.CertificateSubject);
        Assert.Null(shown.CertificateNotAfter);
        var everyProperty = string.Join("|", typeof(TipSecret).GetProperties().Select(p => p.GetValue(shown)?.ToString()));
        Assert.False(everyProperty.Contains(Token[..20], StringComparison.Ordinal), "a property shows the token");
        Assert.Equal(SecretAuthentication.ApiToken, _workspace.Secrets.List("Main").Single().Authentication);
    }

    [Fact]
    public void The_token_is_encrypted_at_rest_and_comes_back_only_through_reveal()
    {
        AddToken();
        _workspace.Database.Db.Checkpoint();

        PlaintextScan.AssertAbsent(_temp.Path, Token, Token[..24], Token[^24..]);
        var material = _workspace.Secrets.Reveal("Main", "tok");
        Assert.True(material.ApiToken == Token, "the revealed token differs");
        Assert.Equal("", material.User);
        Assert.Empty(material.Certificate);
    }

    [Fact]
    public void Rotating_replaces_the_token_keeps_the_rest_and_leaves_neither_token_in_clear()
    {
        AddToken();
        var created = _workspace.Secrets.Find("Main", "tok")!;

        var rotated = _workspace.Secrets.Update("Main", "tok", new SecretUpdate { ApiToken = "  " + RotatedToken + " " });
        _workspace.Database.Db.Checkpoint();

        Assert.True(_workspace.Secrets.Reveal("Main", "tok").ApiToken == RotatedToken, "the token was not rotated (or not trimmed)");
        Assert.Equal("*****" + RotatedToken[^4..], rotated.TokenHint);
        Assert.NotEqual(created.TokenHint, rotated.TokenHint);
        Assert.Equal("SOC token", rotated.Description);
        Assert.Equal(created.Created, rotated.Created);
        PlaintextScan.AssertAbsent(_temp.Path, Token, RotatedToken);
    }

    [Fact]
    public void The_resolved_connection_carries_the_token_and_no_certificate()
    {
        AddToken();
        _workspace.Settings.Update("Main", new SettingsUpdate { Secret = "tok" });

        var options = _workspace.Resolver.Resolve("Main");

        Assert.True(options.ApiToken == Token, "the connection's token differs");
        Assert.True(options.UsesApiToken);
        Assert.Empty(options.PfxBytes);
        Assert.Equal("", options.User);
        Assert.DoesNotContain(Token, options.ToString());
        Assert.Contains("API token", options.ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("Bearer tipTok3n-7f2c9e41a0b84d6c95e1", "'Bearer '")]
    [InlineData("tipTok3n-7f2c9e41 a0b84d6c95e1f3a2", "space")]
    [InlineData("tipTok3n-7f2c9e41\na0b84d6c95e1f3a2", "line break")]
    [InlineData("tipTok3n-7f2c9e41a0b84d6c95é", "ASCII")]
    [InlineData("short-tok", "9 characters")]
    public void A_token_that_cannot_be_one_is_refused_with_the_reason_and_without_echoing_it(string token, string reason)
    {
        var ex = Assert.Throws<TipSecretException>(() => AddToken(token: token));

        Assert.Equal(TipSecretError.InvalidToken, ex.Error);
        Assert.Contains(reason, ex.Message);
        if (token.Length > 0) Assert.False(ex.Message.Contains(token.Trim().Split(' ', '\n')[^1], StringComparison.Ordinal), "the message echoes the token");
        Assert.Empty(_workspace.Secrets.List("Main"));
    }

    [Fact]
    public void A_token_given_with_a_user_and_certificate_is_refused()
    {
        var ex = Assert.Throws<TipSecretException>(() => _workspace.Secrets.Add(new NewSecret
        {
            Name = "both", ApiToken = Token, User = "u", Password = "p", Certificate = TestCertificates.ValidPfx("pw"), CertificatePassword = "pw",
        }));

        Assert.Equal(TipSecretError.WrongAuthentication, ex.Error);
        Assert.Empty(_workspace.Secrets.List("Main"));
    }

    [Fact]
    public void A_token_for_a_certificate_secret_is_refused_and_changes_nothing()
    {
        _workspace.Secrets.Add(new NewSecret { Name = "cert", User = "tip-user", Password = "tip-password", Certificate = TestCertificates.ValidPfx("pw"), CertificatePassword = "pw" });

        var ex = Assert.Throws<TipSecretException>(() => _workspace.Secrets.Update("Main", "cert", new SecretUpdate { ApiToken = Token, Description = "changed" }));

        Assert.Equal(TipSecretError.WrongAuthentication, ex.Error);
        Assert.Contains("New-TipSecret", ex.Message);
        var kept = _workspace.Secrets.Find("Main", "cert")!;
        Assert.Equal(SecretAuthentication.Certificate, kept.Authentication);
        Assert.Null(kept.Description);
        Assert.Null(_workspace.Secrets.Reveal("Main", "cert").ApiToken);
    }

    [Fact]
    public void A_password_or_certificate_for_a_token_secret_is_refused_and_changes_nothing()
    {
        AddToken();

        var ex = Assert.Throws<TipSecretException>(() => _workspace.Secrets.Update("Main", "tok", new SecretUpdate { User = "u", Password = "p" }));

        Assert.Equal(TipSecretError.WrongAuthentication, ex.Error);
        Assert.Contains("-ApiToken", ex.Message);
        Assert.True(_workspace.Secrets.Reveal("Main", "tok").ApiToken == Token, "the token changed");
    }

    [Fact]
    public void Token_secrets_belong_to_their_tenant()
    {
        AddToken(tenant: "CustomerA");

        Assert.Empty(_workspace.Secrets.List("CustomerB"));
        Assert.Null(_workspace.Secrets.Find("CustomerB", "tok"));
        Assert.Throws<TipSecretException>(() => _workspace.Secrets.Update("CustomerB", "tok", new SecretUpdate { ApiToken = RotatedToken }));
        Assert.True(_workspace.Secrets.Reveal("CustomerA", "tok").ApiToken == Token, "another tenant changed the token");
    }

    [Fact]
    public void A_stored_certificate_secret_from_before_tokens_reads_as_a_certificate_secret()
    {
        _workspace.Secrets.Add(new NewSecret { Name = "old", User = "tip-user", Password = "tip-password", Certificate = TestCertificates.ValidPfx("pw"), CertificatePassword = "pw" });
        var collection = _workspace.Database.Db.GetCollection<SecretDocument>(TipDatabase.Secrets);
        var document = collection.FindAll().Single();
        document.Authentication = null; // as written before tokens existed
        collection.Update(document);

        Assert.Equal(SecretAuthentication.Certificate, _workspace.Secrets.Find("Main", "old")!.Authentication);
        Assert.Equal("tip-user", _workspace.Secrets.Reveal("Main", "old").User);
    }
}
