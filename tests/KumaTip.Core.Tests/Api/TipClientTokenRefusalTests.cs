using KumaTip.Core.Api;
using KumaTip.Core.Tests.Api.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace KumaTip.Core.Tests.Api;

/// <summary>The portal's 403 for a token on a service that takes none (tip-api.md §1) becomes "this needs a certificate".</summary>
public sealed class TipClientTokenRefusalTests
{
    private const string Token = "kt-token-refused-for-service-0123456789";

    private static TipConnectionOptions TokenOptions(Uri endpoint) => new()
    {
        Endpoint = endpoint,
        ApiToken = Token,
        TrustedCaPem = TestCertificates.Instance.CaPem,
        MaxRetries = 1,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
    };

    private static Task Page(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html";
        return context.Response.WriteAsync("<html><body><h1>" + status + " Forbidden</h1><p>" + text + "</p></body></html>");
    }

    [Fact]
    public async Task A_token_refused_for_the_service_says_a_certificate_is_needed_and_stops_the_batch()
    {
        await using var server = await ScriptedTipServer.StartAsync((c, _) => Page(c, 403,
            "Running requests by using an API token is forbidden for this service. You can use an API token only for running Threat Lookup API requests."),
            clientCertificates: ClientCertificateMode.AllowCertificate);
        using var client = new TipClient(TokenOptions(server.BaseAddress));

        var error = await Assert.ThrowsAsync<TipApiException>(() =>
            client.LookupAsync(TestClients.Indicator("example.com"), new[] { "Zone" }, null, TestClients.TestToken()));

        Assert.Equal(TipApiErrorKind.Forbidden, error.Kind);
        Assert.True(error.StopsBatch);
        Assert.Contains("needs a client certificate", error.Message);
        Assert.Contains("New-TipSecret -Credential -CertificatePath", error.Message);
        var request = Assert.Single(server.Requests);
        Assert.Equal("Bearer " + Token, request.Authorization);
        Assert.Null(request.ClientCertificateSubject);
    }

    [Fact]
    public async Task A_portal_page_echoing_the_token_has_it_scrubbed_from_the_message()
    {
        await using var server = await ScriptedTipServer.StartAsync((c, _) => Page(c, 403, "Access denied for token " + Token + "."),
            clientCertificates: ClientCertificateMode.AllowCertificate);
        using var client = new TipClient(TokenOptions(server.BaseAddress));

        var error = await Assert.ThrowsAsync<TipApiException>(() =>
            client.LookupAsync(TestClients.Indicator("example.com"), new[] { "Zone" }, null, TestClients.TestToken()));

        Assert.Equal(TipApiErrorKind.Forbidden, error.Kind);
        Assert.Contains("*****", error.Message);
        Assert.False(error.ToString().Contains(Token, StringComparison.Ordinal), "the token appears in the error");
    }

    [Theory]
    [InlineData("Running requests by using an API token is forbidden for this service.", true)]
    [InlineData("You can use an API token only for running Threat Lookup API requests", true)]
    [InlineData("Access denied: your account does not have access to the Threat Lookup API.", false)]
    [InlineData("Request limit exceeded: the daily quota is spent.", false)]
    public void The_token_refusal_is_told_from_other_refusals(string text, bool isTokenRefusal)
    {
        Assert.Equal(isTokenRefusal, TipClient.IsTokenRefusedForService(text));
    }
}
