using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using KumaTip.Simulator;

namespace KumaTip.Core.Tests.Simulator;

/// <summary>A plain HttpClient the way a careful client talks to the simulator: its client PFX, and a chain check to ca.pem.</summary>
public static class SimulatorHttp
{
    public static HttpClient CreateClient(TipSimulator simulator, SimulatorAccount account, X509Certificate2? clientCertificate = null) =>
        CreateClient(simulator.CaPemPath, simulator.ClientPfxPath, simulator.BaseAddress, account, clientCertificate);

    public static HttpClient CreateClient(string caPemPath, string clientPfxPath, Uri baseAddress, SimulatorAccount account, X509Certificate2? clientCertificate = null)
    {
        var handler = TrustingHandler(caPemPath);
        handler.SslOptions.ClientCertificates = new X509CertificateCollection
        {
            clientCertificate ?? X509CertificateLoader.LoadPkcs12FromFile(clientPfxPath, account.PfxPassword),
        };

        var client = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(20),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(account.User + ":" + account.Password)));
        return client;
    }

    /// <summary>A client that signs in with <paramref name="token"/> as a Bearer token and has no client certificate at all.</summary>
    public static HttpClient CreateTokenClient(TipSimulator simulator, string token)
    {
        var client = new HttpClient(TrustingHandler(simulator.CaPemPath), disposeHandler: true) { BaseAddress = simulator.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A handler that trusts the simulator's CA (and only for a certificate issued to the right name), without a client certificate.</summary>
    public static SocketsHttpHandler TrustingHandler(string caPemPath)
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(caPemPath));
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10), PooledConnectionLifetime = TimeSpan.FromMinutes(1) };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null || errors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch)) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        };
        return handler;
    }

    public static async Task<(int Status, string Body, HttpResponseMessage Response)> GetAsync(HttpClient client, string relative)
    {
        var response = await client.GetAsync(relative);
        var body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, body, response);
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string relative)
    {
        var (status, body, _) = await GetAsync(client, relative);
        Assert.True(status == 200, $"GET {relative} answered {status}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
