using System.Security.Cryptography.X509Certificates;
using KumaTip.Core.Api;
using KumaTip.Core.Tests.Api.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace KumaTip.Core.Tests.Api;

/// <summary>Certificate trust in both directions and the proxy path, over real sockets.</summary>
public sealed class TipClientTlsAndProxyTests
{
    private static Task Ok(HttpContext context, ScriptedRequest _)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("""{"Zone":"Grey"}""");
    }

    private static Task<TipApiResponse> LookUp(TipClient client) =>
        client.LookupAsync(TestClients.Indicator("example.com"), new[] { "Zone" }, 1, TestClients.TestToken());

    [Fact]
    public async Task Server_certificate_from_an_unknown_ca_is_refused_with_a_hint_to_trust_its_ca()
    {
        await using var server = await ScriptedTipServer.StartAsync(Ok, TestCertificates.Instance.ServerFromOtherCa);
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress, trustedCaPem: null));

        var error = await Assert.ThrowsAsync<TipApiException>(() => LookUp(client));

        Assert.Equal(TipApiErrorKind.CertificateInvalid, error.Kind);
        Assert.Contains("-TrustedCaPath", error.Message);
        Assert.Contains("KumaTip Other CA", error.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Server_certificate_from_an_unknown_ca_is_accepted_once_that_ca_is_configured()
    {
        await using var server = await ScriptedTipServer.StartAsync(Ok, TestCertificates.Instance.ServerFromOtherCa);
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress, trustedCaPem: TestCertificates.Instance.OtherCaPem));

        var response = await LookUp(client);

        Assert.True(response.Found);
    }

    [Fact]
    public async Task Configured_ca_does_not_vouch_for_a_server_certificate_from_another_ca()
    {
        await using var server = await ScriptedTipServer.StartAsync(Ok, TestCertificates.Instance.ServerFromOtherCa);
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress, trustedCaPem: TestCertificates.Instance.CaPem));

        var error = await Assert.ThrowsAsync<TipApiException>(() => LookUp(client));

        Assert.Equal(TipApiErrorKind.CertificateInvalid, error.Kind);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Server_certificate_from_an_intermediate_under_the_configured_ca_is_accepted()
    {
        var certificates = TestCertificates.Instance;
        await using var server = await ScriptedTipServer.StartAsync(Ok, certificates.ServerFromIntermediate, new X509Certificate2Collection(certificates.Intermediate));
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress, trustedCaPem: certificates.CaPem));

        var response = await LookUp(client);

        Assert.True(response.Found);
    }

    [Fact]
    public async Task Configured_ca_does_not_excuse_a_host_name_mismatch()
    {
        await using var server = await ScriptedTipServer.StartAsync(Ok, TestCertificates.Instance.ServerForOtherHost);
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress));

        var error = await Assert.ThrowsAsync<TipApiException>(() => LookUp(client));

        Assert.Equal(TipApiErrorKind.CertificateInvalid, error.Kind);
        Assert.Contains("host name", error.Message);
    }

    [Fact]
    public async Task Client_certificate_from_another_ca_is_refused_by_the_server()
    {
        await using var server = await ScriptedTipServer.StartAsync(Ok);
        var pfx = TestCertificates.ToPfx(TestCertificates.Instance.ClientFromOtherCa);
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress, pfx));

        var error = await Assert.ThrowsAsync<TipApiException>(() => LookUp(client));

        // TLS 1.3 reports the refusal after the handshake as a closed connection, so either kind may come; both name the certificate.
        Assert.Contains(error.Kind, new[] { TipApiErrorKind.CertificateInvalid, TipApiErrorKind.Network });
        Assert.Contains("client certificate", error.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void Wrong_pfx_password_is_reported_without_the_password()
    {
        var options = TestClients.OptionsFor(new Uri("https://localhost/"));
        options.PfxPassword = "definitely-wrong-password";

        var error = Assert.Throws<TipApiException>(() => new TipClient(options));

        Assert.Equal(TipApiErrorKind.CertificateInvalid, error.Kind);
        Assert.Contains("PFX password", error.Message);
        Assert.False(error.Message.Contains("definitely-wrong-password", StringComparison.Ordinal), "a secret appears in the text");
    }

    [Fact]
    public async Task Requests_go_through_the_configured_proxy_tunnel()
    {
        await using var server = await ScriptedTipServer.StartAsync(Ok);
        await using var proxy = new CountingConnectProxy();
        var options = TestClients.OptionsFor(server.BaseAddress);
        options.Proxy = proxy.Address;
        using var client = new TipClient(options);

        var response = await LookUp(client);

        Assert.True(response.Found);
        Assert.True(proxy.Tunnels >= 1);
    }

    [Fact]
    public async Task Proxy_credentials_answer_the_proxys_challenge()
    {
        await using var server = await ScriptedTipServer.StartAsync(Ok);
        await using var proxy = new CountingConnectProxy("proxy-user", "proxy-Pass-123");
        var options = TestClients.OptionsFor(server.BaseAddress);
        options.Proxy = proxy.Address;
        options.ProxyUser = "proxy-user";
        options.ProxyPassword = "proxy-Pass-123";
        using var client = new TipClient(options);

        var response = await LookUp(client);

        Assert.True(response.Found);
        Assert.Equal(1, proxy.Tunnels);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("proxy-user", "wrong-Pass-456")]
    public async Task Proxy_refusing_the_login_is_not_retried_and_says_to_set_the_proxy_credential(string? user, string? password)
    {
        await using var server = await ScriptedTipServer.StartAsync(Ok);
        await using var proxy = new CountingConnectProxy("proxy-user", "proxy-Pass-123");
        var options = TestClients.OptionsFor(server.BaseAddress);
        options.Proxy = proxy.Address;
        options.ProxyUser = user;
        options.ProxyPassword = password;
        options.MaxRetries = 4;
        using var client = new TipClient(options);

        var error = await Assert.ThrowsAsync<TipApiException>(() => LookUp(client));

        Assert.Equal(TipApiErrorKind.ProxyAuthenticationRequired, error.Kind);
        Assert.True(error.StopsBatch);
        Assert.Contains("Set-TipSettings -ProxyCredential", error.Message);
        Assert.False(error.Message.Contains("wrong-Pass-456", StringComparison.Ordinal), "the proxy password appears in the message");
        Assert.Equal(0, proxy.Tunnels);
        // One CONNECT without credentials, at most one answering the challenge: no retry of a failed login.
        Assert.True(proxy.Challenges <= 2, $"{proxy.Challenges} proxy logins were refused; a refused login must not be retried");
    }

    [Fact]
    public async Task Bypassed_host_is_reached_directly()
    {
        await using var server = await ScriptedTipServer.StartAsync(Ok);
        await using var proxy = new CountingConnectProxy();
        var options = TestClients.OptionsFor(server.BaseAddress);
        options.Proxy = proxy.Address;
        options.ProxyBypass = new[] { "*.example.net", "LOCALHOST" };
        using var client = new TipClient(options);

        var response = await LookUp(client);

        Assert.True(response.Found);
        Assert.Equal(0, proxy.Tunnels);
    }
}
