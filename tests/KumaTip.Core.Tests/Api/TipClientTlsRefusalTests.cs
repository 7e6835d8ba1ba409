using KumaTip.Core.Api;
using KumaTip.Core.Tests.Api.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace KumaTip.Core.Tests.Api;

/// <summary>
/// A TLS refusal, by either side, is never retried: it fails at once, says which side refused and what to check, and
/// never suggests turning verification off.
/// </summary>
public sealed class TipClientTlsRefusalTests
{
    private static Task<TipApiResponse> LookUp(TipClient client) =>
        client.LookupAsync(TestClients.Indicator("example.com"), new[] { "Zone" }, 1, TestClients.TestToken());

    private static void AssertNoVerificationBypass(string message)
    {
        foreach (var bypass in new[] { "SkipCertificateCheck", "disable", "turn off", "ignore" })
        {
            Assert.False(message.Contains(bypass, StringComparison.OrdinalIgnoreCase), $"the message suggests '{bypass}': {message}");
        }
    }

    [OpenSslTheory]
    [InlineData("-tls1_3")]
    [InlineData("-tls1_2")]
    public async Task Client_certificate_the_server_refuses_with_an_alert_fails_at_once_naming_the_alert(string tlsVersion)
    {
        using var server = await OpenSslServer.StartAsync(tlsVersion);
        var options = TestClients.OptionsFor(server.BaseAddress, TestCertificates.ToPfx(TestCertificates.Instance.ClientFromOtherCa));
        options.MaxRetries = 4;
        using var client = new TipClient(options);
        var retries = new List<TipRetryEventArgs>();
        client.Retrying += (_, e) => { lock (retries) retries.Add(e); };

        var error = await Assert.ThrowsAsync<TipApiException>(() => LookUp(client));

        Assert.Equal(TipApiErrorKind.CertificateInvalid, error.Kind);
        Assert.True(error.StopsBatch);
        // Which side refused, and what to check.
        Assert.Contains("localhost refused the TLS connection for the domain 'example.com'", error.Message);
        Assert.Contains("TLS alert 'unknown ca'", error.Message);
        Assert.Contains("does not trust the CA that issued this client's certificate", error.Message);
        Assert.Contains("Set-TipSecret -CertificatePath", error.Message);
        AssertNoVerificationBypass(error.Message);
        Assert.False(error.Message.Contains(TestCertificates.PfxPassword, StringComparison.Ordinal), "a secret appears in the text");
        Assert.Empty(retries);
        await server.WaitForRefusalsAsync(1);
        Assert.Equal(1, server.Refusals);
    }

    [Fact]
    public async Task Server_certificate_this_client_refuses_fails_at_once_saying_this_client_refused_it()
    {
        await using var server = await ScriptedTipServer.StartAsync((c, _) => c.Response.WriteAsync("{}"), TestCertificates.Instance.ServerFromOtherCa);
        var options = TestClients.OptionsFor(server.BaseAddress, trustedCaPem: null);
        options.MaxRetries = 4;
        using var client = new TipClient(options);
        var retries = 0;
        client.Retrying += (_, _) => Interlocked.Increment(ref retries);

        var error = await Assert.ThrowsAsync<TipApiException>(() => LookUp(client));

        Assert.Equal(TipApiErrorKind.CertificateInvalid, error.Kind);
        Assert.Contains("was refused by this client", error.Message);
        Assert.Contains("does not chain to a trusted CA", error.Message);
        Assert.Contains("Set-TipSettings -TrustedCaPath", error.Message);
        AssertNoVerificationBypass(error.Message);
        Assert.Equal(0, retries);
    }
}
