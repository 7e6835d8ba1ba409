using KumaTip.Core.Secrets;
using KumaTip.Core.Storage;
using KumaTip.Core.Tests.Secrets;

namespace KumaTip.Core.Tests.Storage;

public sealed class SettingsStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly TipWorkspace _workspace;

    public SettingsStoreTests() => _workspace = new TipWorkspace(_temp.Combine("home"));

    public void Dispose()
    {
        _workspace.Dispose();
        _temp.Dispose();
    }

    private void AddSecret(string name, string tenant = "Main") => _workspace.Secrets.Add(new NewSecret
    {
        Tenant = tenant, Name = name, User = "user-x", Password = "pw-x",
        Certificate = TestCertificates.ValidPfx("p"), CertificatePassword = "p",
    });

    [Fact]
    public void A_tenant_without_settings_gets_the_defaults()
    {
        var settings = _workspace.Settings.Get("Fresh");

        Assert.Equal("Fresh", settings.Tenant);
        Assert.False(settings.Disabled);
        Assert.Null(settings.Secret);
        Assert.Equal(new Uri("https://tip.kaspersky.com"), settings.Endpoint);
        Assert.Equal(10, settings.MaxRecords);
        Assert.Equal(TimeSpan.FromDays(7), settings.CacheTtl);
        Assert.Equal(4, settings.ThrottleLimit);
        Assert.Null(settings.Modified);
    }

    [Fact]
    public void Every_setting_round_trips()
    {
        AddSecret("prod");
        var caPath = _temp.Combine("ca.pem");
        File.WriteAllText(caPath, TestCertificates.CaPem("CN=Corp Inspection CA"));

        _workspace.Settings.Update("Main", new SettingsUpdate
        {
            Disabled = true, Secret = "PROD", Endpoint = new Uri("https://tip.example.test:8443/"), Proxy = new Uri("http://proxy.corp:3128"),
            ProxyUser = "proxy-admin", ProxyPassword = "proxy-pw", TrustedCa = File.ReadAllBytes(caPath), TrustedCaSource = caPath,
            MaxRecords = 1000, CacheTtl = TimeSpan.FromHours(12), ThrottleLimit = 2,
        });
        File.Delete(caPath);
        var settings = _workspace.Settings.Get("main");

        Assert.True(settings.Disabled);
        Assert.Equal("prod", settings.Secret);
        Assert.Equal("https://tip.example.test:8443/", settings.Endpoint.ToString());
        Assert.Equal("http://proxy.corp:3128/", settings.Proxy!.ToString());
        Assert.Equal("pr*****", settings.ProxyUser);
        Assert.Equal("CN=Corp Inspection CA", settings.TrustedCa);
        Assert.Equal(1000, settings.MaxRecords);
        Assert.Equal(TimeSpan.FromHours(12), settings.CacheTtl);
        Assert.Equal(2, settings.ThrottleLimit);
        Assert.NotNull(settings.Modified);
        var document = _workspace.Settings.LoadDocument("Main");
        Assert.Contains("BEGIN CERTIFICATE", document.TrustedCaPem);
        Assert.True(_workspace.Settings.RevealProxyCredential(document) == ("proxy-admin", "proxy-pw"), "proxy credential differs");
    }

    [Fact]
    public void Optional_settings_can_be_cleared()
    {
        _workspace.Settings.Update("Main", new SettingsUpdate { Proxy = new Uri("http://proxy:8080"), ProxyUser = "u-name", ProxyPassword = "p" });
        var cleared = _workspace.Settings.Update("Main", new SettingsUpdate { ClearProxy = true, ClearProxyCredential = true });
        Assert.Null(cleared.Proxy);
        Assert.Null(cleared.ProxyUser);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void MaxRecords_outside_1_to_1000_is_refused_and_nothing_changes(int value)
    {
        var ex = Assert.Throws<TipSettingsException>(() => _workspace.Settings.Update("Main", new SettingsUpdate { MaxRecords = value, Disabled = true }));
        Assert.Equal("MaxRecords", ex.Setting);
        Assert.Contains(value.ToString(), ex.Message);
        Assert.False(_workspace.Settings.Get("Main").Disabled);
    }

    [Fact]
    public void Secret_must_exist_in_the_same_tenant()
    {
        AddSecret("prod", "CustomerA");
        var ex = Assert.Throws<TipSettingsException>(() => _workspace.Settings.Update("CustomerB", new SettingsUpdate { Secret = "prod" }));
        Assert.Equal("Secret", ex.Setting);
        Assert.Contains("'CustomerB'", ex.Message);
    }

    [Fact]
    public void Endpoint_must_be_https_and_proxy_must_not_carry_a_password()
    {
        var endpoint = Assert.Throws<TipSettingsException>(() => _workspace.Settings.Update("Main", new SettingsUpdate { Endpoint = new Uri("http://tip.kaspersky.com") }));
        Assert.Equal("Endpoint", endpoint.Setting);

        var proxy = Assert.Throws<TipSettingsException>(() => _workspace.Settings.Update("Main", new SettingsUpdate { Proxy = new Uri("http://bob:Hunter2-secret@proxy:3128") }));
        Assert.Equal("Proxy", proxy.Setting);
        Assert.False(proxy.Message.Contains("Hunter2-secret", StringComparison.Ordinal), "a secret appears in the text");
    }

    [Fact]
    public void A_file_that_is_not_a_certificate_is_refused_as_trusted_ca()
    {
        var ex = Assert.Throws<TipSettingsException>(() => _workspace.Settings.Update("Main",
            new SettingsUpdate { TrustedCa = "hello"u8.ToArray(), TrustedCaSource = "notes.txt" }));
        Assert.Equal("TrustedCaPath", ex.Setting);
        Assert.Contains("notes.txt", ex.Message);
    }

    [Fact]
    public void Der_ca_is_accepted_and_kept_as_pem()
    {
        var pem = TestCertificates.CaPem("CN=Der CA");
        using var cert = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(pem);
        var settings = _workspace.Settings.Update("Main", new SettingsUpdate { TrustedCa = cert.RawData });
        Assert.Equal("CN=Der CA", settings.TrustedCa);
        Assert.Contains("BEGIN CERTIFICATE", _workspace.Settings.LoadDocument("Main").TrustedCaPem);
    }

    [Fact]
    public void Tenants_keep_their_own_settings()
    {
        _workspace.Settings.Update("CustomerA", new SettingsUpdate { MaxRecords = 50, Disabled = true });

        Assert.Equal(50, _workspace.Settings.Get("CustomerA").MaxRecords);
        Assert.Equal(10, _workspace.Settings.Get("CustomerB").MaxRecords);
        Assert.False(_workspace.Settings.Get("Main").Disabled);
        Assert.Contains("CustomerA", _workspace.TenantNames());
    }

    [Fact]
    public void Choosing_OpenTIP_moves_the_default_endpoint_with_it_and_back()
    {
        var open = _workspace.Settings.Update("Main", new SettingsUpdate { Service = KumaTip.Core.Api.PortalService.OpenTip });

        Assert.Equal("OpenTip", open.Service);
        Assert.Equal(new Uri("https://opentip.kaspersky.com"), open.Endpoint);
        var back = _workspace.Settings.Update("Main", new SettingsUpdate { Service = KumaTip.Core.Api.PortalService.Tip });
        Assert.Equal("Tip", back.Service);
        Assert.Equal(new Uri("https://tip.kaspersky.com"), back.Endpoint);
    }

    [Fact]
    public void An_endpoint_of_ones_own_is_kept_when_the_service_changes_and_one_given_in_the_same_call_wins()
    {
        _workspace.Settings.Update("Main", new SettingsUpdate { Endpoint = new Uri("https://127.0.0.1:8444") });

        var kept = _workspace.Settings.Update("Main", new SettingsUpdate { Service = KumaTip.Core.Api.PortalService.OpenTip });
        var given = _workspace.Settings.Update("Lab", new SettingsUpdate { Service = KumaTip.Core.Api.PortalService.OpenTip, Endpoint = new Uri("https://127.0.0.1:9444") });

        Assert.Equal(new Uri("https://127.0.0.1:8444"), kept.Endpoint);
        Assert.Equal(new Uri("https://127.0.0.1:9444"), given.Endpoint);
        Assert.Equal("OpenTip", _workspace.Settings.Get("Main").Service);
        Assert.Equal("Tip", _workspace.Settings.Get("Other").Service);
    }
}
