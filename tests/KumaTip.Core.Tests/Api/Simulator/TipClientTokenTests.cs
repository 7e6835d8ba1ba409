using System.Globalization;
using KumaTip.Core.Api;
using KumaTip.Core.Tests.Api.Infrastructure;
using KumaTip.Core.Tests.Simulator;
using KumaTip.Simulator;

namespace KumaTip.Core.Tests.Api.Simulator;

/// <summary>
/// The client with an API token: <c>Authorization: Bearer</c> and no client certificate, against the simulator over
/// real HTTPS; the token never shows in an error or a retry message.
/// </summary>
public sealed class TipClientTokenTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private TipSimulator Sim => fixture.Simulator;

    private TipConnectionOptions TokenOptions(string token) => new()
    {
        Endpoint = Sim.BaseAddress,
        ApiToken = token,
        TrustedCaPem = File.ReadAllText(Sim.CaPemPath),
        MaxRetries = 2,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        AttemptTimeout = TimeSpan.FromSeconds(30),
    };

    private static Task<TipApiResponse> LookUp(TipClient client, string value) =>
        client.LookupAsync(TestClients.Indicator(value), new[] { "LicenseInfo", "Zone" }, null, TestClients.TestToken());

    [Fact]
    public async Task A_token_is_sent_as_bearer_without_a_client_certificate_and_its_expiry_is_read()
    {
        using var client = new TipClient(TokenOptions(Sim.Account.ApiToken));

        var response = await LookUp(client, "bearer-check.example.com");

        Assert.True(response.Found);
        Assert.Equal(Sim.Account.TokenExpires, client.LastLicenseInfo?.TokenExpirationDate);
        var logged = Assert.Single(Sim.ReadRequestLog(), e => e.Value == "bearer-check.example.com");
        Assert.Equal((Sim.Account.User, "Bearer", false), (logged.Account, logged.Authentication, logged.ClientCertificate));
    }

    [Fact]
    public async Task A_refused_token_is_unauthorized_with_the_cure_not_retried_and_not_echoed()
    {
        const string wrong = "kt-wrong-token-0123456789abcdefghij";
        using var client = new TipClient(TokenOptions(wrong));

        var error = await Assert.ThrowsAsync<TipApiException>(() => LookUp(client, "refused-token.example.com"));

        Assert.Equal(TipApiErrorKind.Unauthorized, error.Kind);
        Assert.Contains("API token", error.Message);
        Assert.Contains("Set-TipSecret -ApiToken", error.Message);
        Assert.DoesNotContain("certificate", error.Message);
        Assert.False(error.ToString().Contains(wrong, StringComparison.Ordinal), "the token appears in the error");
        Assert.Single(Sim.ReadRequestLog(), e => e.Value == "refused-token.example.com");
    }

    [Fact]
    public async Task Retry_messages_and_a_final_server_error_never_hold_the_token()
    {
        var token = Sim.Account.ApiToken;
        using var client = new TipClient(TokenOptions(token));
        var retries = new List<string>();
        client.Retrying += (_, e) => { lock (retries) retries.Add(e.Message); };

        await LookUp(client, "sim-503-retried.example.com");
        var error = await Assert.ThrowsAsync<TipApiException>(() => LookUp(client, "sim-503always-failed.example.com"));

        Assert.NotEmpty(retries);
        Assert.Equal(TipApiErrorKind.ServerError, error.Kind);
        var everything = string.Join("\n", retries) + "\n" + error + "\n" + client.ToString() + TokenOptions(token);
        Assert.False(everything.Contains(token, StringComparison.Ordinal), "the token appears in a retry message or an error");
    }

    [Fact]
    public async Task The_soon_expiring_accounts_token_reports_its_expiry_within_ten_days()
    {
        using var client = new TipClient(TokenOptions(Sim.GetAccount(SimulatorAccountKind.TokenExpiringSoon).ApiToken));

        await LookUp(client, "soon.example.com");

        Assert.InRange(client.LastLicenseInfo!.TokenExpirationDate!.Value - DateTimeOffset.UtcNow, TimeSpan.FromDays(9.9), TimeSpan.FromDays(10));
    }

    [Fact]
    public void A_connection_with_both_a_token_and_a_certificate_is_refused()
    {
        var options = SimulatorConnection.OptionsFor(Sim);
        options.ApiToken = Sim.Account.ApiToken;

        var error = Assert.Throws<ArgumentException>(() => new TipClient(options));

        Assert.DoesNotContain(Sim.Account.ApiToken, error.Message);
    }
}
