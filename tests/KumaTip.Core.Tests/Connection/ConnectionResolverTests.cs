using KumaTip.Core.Connection;
using KumaTip.Core.Secrets;
using KumaTip.Core.Storage;
using KumaTip.Core.Tests.Secrets;

namespace KumaTip.Core.Tests.Connection;

public sealed class ConnectionResolverTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly TipWorkspace _workspace;
    private readonly byte[] _pfx = TestCertificates.ValidPfx("pfx-pw");

    public ConnectionResolverTests() => _workspace = new TipWorkspace(_temp.Path);

    public void Dispose()
    {
        _workspace.Dispose();
        _temp.Dispose();
    }

    private void AddSecret(string tenant = "Main", string name = "prod") => _workspace.Secrets.Add(new NewSecret
    {
        Tenant = tenant, Name = name, User = "tip-user", Password = "tip-password", Certificate = _pfx, CertificatePassword = "pfx-pw",
    });

    [Fact]
    public void Settings_and_secret_become_decrypted_options()
    {
        AddSecret();
        var ca = TestCertificates.CaPem();
        _workspace.Settings.Update("Main", new SettingsUpdate
        {
            Secret = "prod", Endpoint = new Uri("https://127.0.0.1:8443/tip"), Proxy = new Uri("http://proxy:3128"),
            ProxyUser = "puser", ProxyPassword = "ppass", TrustedCa = System.Text.Encoding.ASCII.GetBytes(ca), ThrottleLimit = 3,
            ProxyBypass = new[] { "*.corp.local", " <local> " },
        });

        var options = _workspace.Resolver.Resolve("main");

        Assert.Equal("Main", options.Tenant);
        Assert.Equal("https://127.0.0.1:8443/tip/", options.Endpoint.ToString());
        Assert.Equal("tip-user", options.User);
        Assert.True(options.Password == "tip-password", "password differs");
        Assert.True(_pfx.AsSpan().SequenceEqual(options.PfxBytes), "certificate bytes differ");
        Assert.True(options.PfxPassword == "pfx-pw", "certificate password differs");
        Assert.Equal("http://proxy:3128/", options.Proxy!.ToString());
        Assert.Equal("puser", options.ProxyUser);
        Assert.True(options.ProxyPassword == "ppass", "proxy password differs");
        Assert.Contains("BEGIN CERTIFICATE", options.TrustedCaPem);
        Assert.Equal(3, options.ThrottleLimit);
        Assert.Equal(new[] { "*.corp.local", "<local>" }, options.ProxyBypass);
        Assert.False(options.ToString().Contains("tip-password", StringComparison.Ordinal), "a secret appears in the text");
    }

    [Fact]
    public void Disabled_connection_is_refused_and_says_how_to_enable_it()
    {
        AddSecret();
        _workspace.Settings.Update("CustomerA", new SettingsUpdate { Disabled = true });

        var ex = Assert.Throws<TipConnectionUnavailableException>(() => _workspace.Resolver.Resolve("CustomerA"));

        Assert.Equal(ConnectionUnavailableReason.Disabled, ex.Reason);
        Assert.Contains("tenant 'CustomerA' is disabled", ex.Message);
        Assert.Contains("Set-TipSettings -Tenant 'CustomerA' -Disabled:$false", ex.Message);
    }

    [Fact]
    public void Connection_without_secret_is_refused()
    {
        var ex = Assert.Throws<TipConnectionUnavailableException>(() => _workspace.Resolver.Resolve("Main"));
        Assert.Equal(ConnectionUnavailableReason.NoSecret, ex.Reason);
        Assert.Contains("New-TipSecret", ex.Message);
    }

    [Fact]
    public void Secret_removed_with_force_is_reported_as_missing()
    {
        AddSecret();
        _workspace.Settings.Update("Main", new SettingsUpdate { Secret = "prod" });
        _workspace.Secrets.Remove("Main", "prod", force: true);

        var ex = Assert.Throws<TipConnectionUnavailableException>(() => _workspace.Resolver.Resolve("Main"));
        Assert.Equal(ConnectionUnavailableReason.SecretMissing, ex.Reason);
        Assert.Contains("'prod'", ex.Message);
    }

    [Fact]
    public void Lost_key_makes_the_secret_unreadable_with_a_clear_message()
    {
        AddSecret();
        _workspace.Settings.Update("Main", new SettingsUpdate { Secret = "prod" });
        File.Delete(Path.Combine(_temp.Path, SecretProtector.KeyFileName));
        using var reopened = new TipWorkspace(_temp.Path);

        var ex = Assert.Throws<TipConnectionUnavailableException>(() => reopened.Resolver.Resolve("Main"));
        Assert.Equal(ConnectionUnavailableReason.SecretUnreadable, ex.Reason);
        Assert.Contains("is missing", ex.Message);
    }

    [Fact]
    public void A_tenant_never_resolves_another_tenants_secret()
    {
        AddSecret("CustomerA", "prod");
        _workspace.Settings.Update("CustomerA", new SettingsUpdate { Secret = "prod" });

        var ex = Assert.Throws<TipConnectionUnavailableException>(() => _workspace.Resolver.Resolve("CustomerB"));
        Assert.Equal(ConnectionUnavailableReason.NoSecret, ex.Reason);
        Assert.Equal("tip-user", _workspace.Resolver.Resolve("CustomerA").User);
    }
}
