using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace KumaTip.Core.Tests.Api.Infrastructure;

/// <summary>
/// A real HTTPS server with mutual TLS whose answers each test scripts. It requires a client certificate issued by
/// the test CA and records every request that reached it (raw path and query, attempt per value).
/// </summary>
public sealed class ScriptedTipServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, int> _attempts = new();

    private ScriptedTipServer(WebApplication app, Func<HttpContext, ScriptedRequest, Task> script)
    {
        _app = app;
        _app.Run(async context =>
        {
            var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
            var value = target.Split('?')[0].Split('/').Last();
            var attempt = _attempts.AddOrUpdate(value, 1, (_, n) => n + 1);
            _requests.Enqueue(new RecordedRequest(target, Uri.UnescapeDataString(value), context.Request.Headers.Authorization.ToString(),
                context.Connection.ClientCertificate?.Subject));
            await script(context, new ScriptedRequest(target, Uri.UnescapeDataString(value), attempt));
        });
    }

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public int AttemptsFor(string value) => _requests.Count(r => r.Value == value);

    /// <param name="serverChain">Intermediates the server sends after its certificate.</param>
    /// <param name="clientCertificates">RequireCertificate (mutual TLS, the default) or AllowCertificate (for token clients, which send none).</param>
    public static async Task<ScriptedTipServer> StartAsync(Func<HttpContext, ScriptedRequest, Task> script, X509Certificate2? serverCertificate = null,
        X509Certificate2Collection? serverChain = null, ClientCertificateMode clientCertificates = ClientCertificateMode.RequireCertificate)
    {
        var certificates = TestCertificates.Instance;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
            {
                https.ServerCertificate = serverCertificate ?? certificates.Server;
                https.ServerCertificateChain = serverChain;
                https.ClientCertificateMode = clientCertificates;
                https.ClientCertificateValidation = (certificate, _, _) => ChainsTo(certificate, certificates.Ca);
            }));
        });
        var server = new ScriptedTipServer(builder.Build(), script);
        await server._app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = server._app.Urls.First();
        server.BaseAddress = new Uri(new Uri(address).GetLeftPart(UriPartial.Authority).Replace("127.0.0.1", "localhost") + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}

/// <summary>What the script sees of a request: the raw target, the decoded value and the how-many-th try for that value.</summary>
public sealed record ScriptedRequest(string RawTarget, string Value, int Attempt);

/// <summary>A request as it reached the server.</summary>
public sealed record RecordedRequest(string RawTarget, string Value, string Authorization, string? ClientCertificateSubject);
