using KumaTip.Core.Secrets;

namespace KumaTip.Core.Tests.Secrets;

/// <summary>A token's expiry (the portal's TokenExpirationDate) is warned about like a client certificate's: within 30 days.</summary>
public sealed class TokenExpiryWarningTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_token_expiring_within_thirty_days_is_warned_about_with_its_date_and_the_cure()
    {
        var warning = ApiTokenValidator.ExpiryWarningFor("prod-token", Now.AddDays(12).AddHours(3), Now);

        Assert.NotNull(warning);
        Assert.Contains("2026-12-16", warning);
        Assert.Contains("in 12 days", warning);
        Assert.Contains("Set-TipSecret -Name 'prod-token' -ApiToken", warning);
    }

    [Fact]
    public void The_threshold_is_the_certificates_one()
    {
        Assert.Equal(ClientCertificateValidator.ExpiryWarning, ApiTokenValidator.ExpiryWarning);
        Assert.NotNull(ApiTokenValidator.ExpiryWarningFor("t", Now + ClientCertificateValidator.ExpiryWarning - TimeSpan.FromMinutes(1), Now));
        Assert.Null(ApiTokenValidator.ExpiryWarningFor("t", Now + ClientCertificateValidator.ExpiryWarning, Now));
    }

    [Fact]
    public void A_token_far_from_expiry_or_without_a_date_is_not_warned_about()
    {
        Assert.Null(ApiTokenValidator.ExpiryWarningFor("t", Now.AddDays(200), Now));
        Assert.Null(ApiTokenValidator.ExpiryWarningFor("t", null, Now));
    }

    [Fact]
    public void An_expired_token_is_said_to_have_expired()
    {
        var warning = ApiTokenValidator.ExpiryWarningFor("t", Now.AddDays(-2), Now);

        Assert.Contains("expired on 2026-12-02", warning);
    }
}
