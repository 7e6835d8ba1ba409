using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>
/// The alternative users run today: one HttpClient, one GET per row, in turn, no cache, no de-duplication.
/// Same TLS client certificate, Basic auth and trusted CA as the module (verification stays on).
/// </summary>
public sealed class NaiveLoopClient : IDisposable
{
    private readonly HttpClient _client;
    private readonly X509Certificate2 _ca;

    public NaiveLoopClient(SimulatorConnection connection)
    {
        _ca = X509Certificate2.CreateFromPem(File.ReadAllText(connection.CaPemPath));
        var handler = new SocketsHttpHandler();
        handler.SslOptions.ClientCertificates = new X509CertificateCollection
        {
            X509CertificateLoader.LoadPkcs12FromFile(connection.ClientPfxPath, connection.PfxPassword),
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustedByCa(certificate, errors);
        _client = new HttpClient(handler) { BaseAddress = new Uri(connection.BaseUrl + "/"), Timeout = TimeSpan.FromSeconds(30) };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(connection.User + ":" + connection.Password)));
    }

    /// <summary>GET /api/{endpoint}/{value}?count=10, reading the whole body like a script would.</summary>
    public async Task<int> LookupAsync(string endpoint, string value, CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync($"api/{endpoint}/{Uri.EscapeDataString(value)}?count=10", cancellationToken);
        await response.Content.ReadAsStringAsync(cancellationToken);
        return (int)response.StatusCode;
    }

    // Chain to the one extra CA; any other TLS error (name mismatch, no certificate) still fails.
    private bool TrustedByCa(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (certificate == null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    public void Dispose()
    {
        _client.Dispose();
        _ca.Dispose();
    }
}
