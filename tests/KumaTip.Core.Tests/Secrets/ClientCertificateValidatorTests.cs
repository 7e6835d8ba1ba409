using KumaTip.Core.Secrets;

namespace KumaTip.Core.Tests.Secrets;

public sealed class ClientCertificateValidatorTests
{
    private const string Password = "Pfx-Pa55-7731";
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void Valid_pfx_yields_subject_thumbprint_and_expiry_without_warning()
    {
        var pfx = TestCertificates.Pfx(Password, Now.AddDays(-1), Now.AddDays(200), "CN=analyst-api");

        var info = ClientCertificateValidator.Validate(pfx, Password, Now, "client.pfx");

        Assert.Equal("CN=analyst-api", info.Subject);
        Assert.Matches("^[0-9A-F]{40}$", info.Thumbprint);
        Assert.Equal(Now.AddDays(200).UtcDateTime.Date, info.NotAfter.UtcDateTime.Date);
        Assert.Null(info.Warning);
    }

    [Fact]
    public void Wrong_password_is_refused_without_echoing_it()
    {
        var pfx = TestCertificates.ValidPfx(Password);

        var ex = Assert.Throws<TipSecretException>(() => ClientCertificateValidator.Validate(pfx, "Wr0ng-Guess-123", Now, "client.pfx"));

        Assert.Equal(TipSecretError.WrongCertificatePassword, ex.Error);
        Assert.Contains("client.pfx", ex.Message);
        Assert.False(ex.ToString().Contains("Wr0ng-Guess-123", StringComparison.Ordinal), "a secret appears in the text");
        Assert.False(ex.ToString().Contains(Password, StringComparison.Ordinal), "a secret appears in the text");
    }

    [Fact]
    public void Expired_certificate_is_refused_with_its_date()
    {
        var pfx = TestCertificates.Pfx(Password, Now.AddYears(-2), Now.AddDays(-3));

        var ex = Assert.Throws<TipSecretException>(() => ClientCertificateValidator.Validate(pfx, Password, Now, "old.pfx"));

        Assert.Equal(TipSecretError.CertificateExpired, ex.Error);
        Assert.Contains(Now.AddDays(-3).UtcDateTime.ToString("yyyy-MM-dd"), ex.Message);
    }

    [Fact]
    public void Certificate_expiring_within_30_days_is_accepted_with_a_warning()
    {
        var pfx = TestCertificates.Pfx(Password, Now.AddYears(-1), Now.AddDays(10));

        var info = ClientCertificateValidator.Validate(pfx, Password, Now, "soon.pfx");

        Assert.NotNull(info.Warning);
        Assert.Contains("expires on", info.Warning);
    }

    [Fact]
    public void Pfx_without_private_key_is_refused()
    {
        var pfx = TestCertificates.PfxWithoutKey(Password);

        var ex = Assert.Throws<TipSecretException>(() => ClientCertificateValidator.Validate(pfx, Password, Now, "nokey.pfx"));

        Assert.Equal(TipSecretError.NoPrivateKey, ex.Error);
    }

    [Fact]
    public void A_file_that_is_not_a_pfx_is_refused()
    {
        var ex = Assert.Throws<TipSecretException>(() => ClientCertificateValidator.Validate("not a pfx"u8.ToArray(), Password, Now, "notes.txt"));
        Assert.Equal(TipSecretError.WrongCertificatePassword, ex.Error);
        Assert.Contains("not a PFX", ex.Message);
    }
}
