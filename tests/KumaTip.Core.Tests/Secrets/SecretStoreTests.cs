using KumaTip.Core.Secrets;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Tests.Secrets;

public sealed class SecretStoreTests : IDisposable
{
    private const string User = "analyst.api@corp";
    private const string Password = "Tip-Pa55w0rd-5521";
    private const string PfxPassword = "Pfx-Secret-8813";
    private readonly TempDirectory _temp = new();
    private readonly TipWorkspace _workspace;

    public SecretStoreTests() => _workspace = new TipWorkspace(_temp.Path);

    public void Dispose()
    {
        _workspace.Dispose();
        _temp.Dispose();
    }

    private static NewSecret Secret(string name = "tip", string tenant = "Main", byte[]? pfx = null, string pfxPassword = PfxPassword) => new()
    {
        Tenant = tenant,
        Name = name,
        User = User,
        Password = Password,
        Certificate = pfx ?? TestCertificates.ValidPfx(PfxPassword, "CN=analyst-api"),
        CertificatePassword = pfxPassword,
        CertificateSource = "client.pfx",
        Description = "SOC production",
    };

    [Fact]
    public void Every_value_round_trips_and_the_output_shows_none_of_them()
    {
        var pfx = TestCertificates.ValidPfx(PfxPassword, "CN=analyst-api");
        var shown = _workspace.Secrets.Add(Secret(pfx: pfx));

        Assert.Equal("tip", shown.Name);
        Assert.Equal("Main", shown.Tenant);
        Assert.Equal("ktl", shown.Type);
        Assert.Equal("an*****", shown.User);
        Assert.Equal("SOC production", shown.Description);
        Assert.Equal("CN=analyst-api", shown.CertificateSubject);
        Assert.NotNull(shown.CertificateThumbprint);
        Assert.NotNull(shown.CertificateNotAfter);

        var material = _workspace.Secrets.Reveal("Main", "tip");
        Assert.Equal(User, material.User);
        Assert.True(material.Password == Password, "password differs");
        Assert.True(pfx.AsSpan().SequenceEqual(material.Certificate), "certificate bytes differ");
        Assert.True(material.CertificatePassword == PfxPassword, "certificate password differs");
    }

    [Fact]
    public void No_file_in_the_data_directory_holds_a_password_in_plain_text()
    {
        _workspace.Secrets.Add(Secret());
        _workspace.Settings.Update("Main", new SettingsUpdate { Secret = "tip", ProxyUser = "proxy-user-771", ProxyPassword = "Proxy-Pa55-9090" });
        _workspace.Secrets.Update("Main", "tip", new SecretUpdate { Password = Password + "-v2" });

        PlaintextScan.AssertAbsent(_temp.Path, Password, Password + "-v2", PfxPassword, User, "Proxy-Pa55-9090", "proxy-user-771");
    }

    [Fact]
    public void Wrong_pfx_password_stores_nothing()
    {
        var secret = Secret(pfx: TestCertificates.ValidPfx("another-password"));

        var ex = Assert.Throws<TipSecretException>(() => _workspace.Secrets.Add(secret));

        Assert.Equal(TipSecretError.WrongCertificatePassword, ex.Error);
        Assert.False(ex.ToString().Contains(PfxPassword, StringComparison.Ordinal), "a secret appears in the text");
        Assert.Empty(_workspace.Secrets.List("Main"));
    }

    [Fact]
    public void Expired_certificate_stores_nothing()
    {
        var expired = TestCertificates.Pfx(PfxPassword, DateTimeOffset.UtcNow.AddYears(-2), DateTimeOffset.UtcNow.AddDays(-1));

        var ex = Assert.Throws<TipSecretException>(() => _workspace.Secrets.Add(Secret(pfx: expired)));

        Assert.Equal(TipSecretError.CertificateExpired, ex.Error);
        Assert.Empty(_workspace.Secrets.List("Main"));
    }

    [Fact]
    public void Certificate_expiring_soon_is_stored_with_a_warning()
    {
        var soon = TestCertificates.Pfx(PfxPassword, DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddDays(5));
        var warnings = new List<string>();

        _workspace.Secrets.Add(Secret(pfx: soon), warnings.Add);

        Assert.Single(warnings);
        Assert.Single(_workspace.Secrets.List("Main"));
    }

    [Fact]
    public void Names_are_unique_per_tenant_ignoring_case()
    {
        _workspace.Secrets.Add(Secret("Prod"));

        var ex = Assert.Throws<TipSecretException>(() => _workspace.Secrets.Add(Secret("PROD")));

        Assert.Equal(TipSecretError.AlreadyExists, ex.Error);
        Assert.Equal("Prod", _workspace.Secrets.Find("main", "prod")!.Name);
    }

    [Fact]
    public void Tenants_do_not_see_each_others_secrets()
    {
        _workspace.Secrets.Add(Secret("prod", "CustomerA"));
        _workspace.Secrets.Add(Secret("prod", "CustomerB"));
        _workspace.Secrets.Add(Secret("only-a", "CustomerA"));

        Assert.Equal(new[] { "only-a", "prod" }, _workspace.Secrets.List("CustomerA").Select(s => s.Name));
        Assert.Equal(new[] { "prod" }, _workspace.Secrets.List("CustomerB").Select(s => s.Name));
        Assert.Empty(_workspace.Secrets.List("Main"));
        Assert.Null(_workspace.Secrets.Find("CustomerB", "only-a"));
        _workspace.Secrets.Remove("CustomerB", "prod", force: false);
        Assert.NotNull(_workspace.Secrets.Find("CustomerA", "prod"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("prod*")]
    [InlineData("a[1]")]
    public void Unusable_names_are_refused(string name)
    {
        var ex = Assert.Throws<TipSecretException>(() => _workspace.Secrets.Add(Secret(name)));
        Assert.Equal(TipSecretError.InvalidName, ex.Error);
    }

    [Fact]
    public void A_long_secret_name_is_refused_with_its_length_and_without_echoing_it_whole()
    {
        var ex = Assert.Throws<TipSecretException>(() => _workspace.Secrets.Add(Secret(new string('s', 5000))));
        Assert.Equal(TipSecretError.InvalidName, ex.Error);
        Assert.Contains("5000 characters", ex.Message);
        Assert.True(ex.Message.Length < 300, ex.Message);
    }

    [Fact]
    public void Changing_the_password_keeps_the_certificate_and_changing_the_certificate_revalidates_it()
    {
        var created = _workspace.Secrets.Add(Secret());
        var updated = _workspace.Secrets.Update("Main", "tip", new SecretUpdate { Password = "new-password-1" });
        Assert.Equal(created.CertificateThumbprint, updated.CertificateThumbprint);
        Assert.True(_workspace.Secrets.Reveal("Main", "tip").Password == "new-password-1", "password differs");
        Assert.Equal(User, _workspace.Secrets.Reveal("Main", "tip").User);

        var wrong = Assert.Throws<TipSecretException>(() => _workspace.Secrets.Update("Main", "tip",
            new SecretUpdate { Certificate = TestCertificates.ValidPfx("other"), CertificateSource = "new.pfx" }));
        Assert.Equal(TipSecretError.WrongCertificatePassword, wrong.Error);
        Assert.Equal(created.CertificateThumbprint, _workspace.Secrets.Find("Main", "tip")!.CertificateThumbprint);

        var replaced = _workspace.Secrets.Update("Main", "tip",
            new SecretUpdate { Certificate = TestCertificates.ValidPfx("other", "CN=renewed"), CertificatePassword = "other" });
        Assert.Equal("CN=renewed", replaced.CertificateSubject);
        Assert.True(_workspace.Secrets.Reveal("Main", "tip").CertificatePassword == "other", "certificate password differs");
    }

    [Fact]
    public void Secret_in_use_by_the_connection_is_removed_only_with_force()
    {
        _workspace.Secrets.Add(Secret());
        _workspace.Settings.Update("Main", new SettingsUpdate { Secret = "TIP" });

        var ex = Assert.Throws<TipSecretException>(() => _workspace.Secrets.Remove("Main", "tip", force: false));
        Assert.Equal(TipSecretError.InUse, ex.Error);
        Assert.NotNull(_workspace.Secrets.Find("Main", "tip"));

        _workspace.Secrets.Remove("Main", "tip", force: true);
        Assert.Null(_workspace.Secrets.Find("Main", "tip"));
    }

    [Fact]
    public void Tampered_stored_secret_is_a_clear_error_when_used()
    {
        _workspace.Secrets.Add(Secret());
        var collection = _workspace.Database.Db.GetCollection<SecretDocument>(TipDatabase.Secrets);
        var document = collection.FindAll().Single();
        document.Password[^5] ^= 0x40;
        collection.Update(document);

        var ex = Assert.Throws<TipSecretException>(() => _workspace.Secrets.Reveal("Main", "tip"));
        Assert.Equal(TipSecretError.Tampered, ex.Error);
    }

    [Fact]
    public void Removing_a_missing_secret_names_it_and_the_tenant()
    {
        var ex = Assert.Throws<TipSecretException>(() => _workspace.Secrets.Remove("CustomerA", "nope", force: false));
        Assert.Equal(TipSecretError.NotFound, ex.Error);
        Assert.Contains("'nope'", ex.Message);
        Assert.Contains("'CustomerA'", ex.Message);
    }
}
