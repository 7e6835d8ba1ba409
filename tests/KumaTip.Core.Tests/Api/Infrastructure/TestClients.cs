using KumaTip.Core.Api;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Tests.Api.Infrastructure;

/// <summary>Client options and indicators the transport tests share.</summary>
public static class TestClients
{
    public const string User = "soc-analyst";
    public const string Password = "Pa55-word-never-shown";

    /// <summary>Generous: a slow, loaded machine must not turn a test into a timeout.</summary>
    public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

    public static TipConnectionOptions OptionsFor(Uri endpoint, byte[]? pfx = null, string? trustedCaPem = "")
    {
        var certificates = TestCertificates.Instance;
        return new TipConnectionOptions
        {
            Endpoint = endpoint,
            User = User,
            Password = Password,
            PfxBytes = pfx ?? TestCertificates.ToPfx(certificates.Client),
            PfxPassword = TestCertificates.PfxPassword,
            TrustedCaPem = trustedCaPem == "" ? certificates.CaPem : trustedCaPem,
            MaxRetries = 2,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            AttemptTimeout = TimeSpan.FromSeconds(30),
        };
    }

    public static TipIndicator Indicator(string value) => IndicatorParser.Parse(value).Indicator
        ?? throw new ArgumentException("test value is not an indicator: " + value);

    public static CancellationToken TestToken() => new CancellationTokenSource(TestTimeout).Token;
}
