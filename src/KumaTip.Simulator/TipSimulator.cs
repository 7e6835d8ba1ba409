using System.Net;
using KumaTip.Simulator.Accounts;
using KumaTip.Simulator.Certificates;
using KumaTip.Simulator.Data;
using KumaTip.Simulator.Logging;
using KumaTip.Simulator.Lookups;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KumaTip.Simulator;

/// <summary>
/// A local stand-in for the TIP Threat Lookup API over HTTPS on 127.0.0.1: HTTP Basic auth with a client certificate
/// from its own CA, or an account's API token as <c>Authorization: Bearer</c> without one. Start it in-process (tests,
/// demos, benchmarks) or from the command line.
/// </summary>
public sealed class TipSimulator : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly SimulatorCertificates _certificates;
    private readonly RequestLog _log;
    private readonly AccountStore _accounts;
    private readonly CancellationTokenSource _stopping;
    private int _disposed;

    private TipSimulator(
        WebApplication app, SimulatorCertificates certificates, RequestLog log, AccountStore accounts,
        CancellationTokenSource stopping, SimulatorFaults faults, string stateDirectory)
    {
        _app = app;
        _certificates = certificates;
        _log = log;
        _accounts = accounts;
        _stopping = stopping;
        Faults = faults;
        StateDirectory = stateDirectory;
        BaseAddress = new Uri("http://127.0.0.1/"); // replaced once Kestrel has bound its port
    }

    /// <summary><c>https://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseAddress { get; private set; }

    public string StateDirectory { get; }

    /// <summary>The CA to trust for the server certificate (<c>DIR/ca.pem</c>).</summary>
    public string CaPemPath => Path.Combine(StateDirectory, SimulatorCertificates.CaPemFile);

    /// <summary>The client certificate and key, shared by all accounts (<c>DIR/client.pfx</c>).</summary>
    public string ClientPfxPath => Path.Combine(StateDirectory, SimulatorCertificates.ClientPfxFile);

    /// <summary>The normal account.</summary>
    public SimulatorAccount Account => _accounts.Get(SimulatorAccountKind.Normal);

    /// <summary><c>DIR/requests.jsonl</c>.</summary>
    public string RequestLogPath => _log.Path;

    /// <summary>Faults applied to every request; change them while the simulator runs.</summary>
    public SimulatorFaults Faults { get; }

    public SimulatorAccount GetAccount(SimulatorAccountKind kind) => _accounts.Get(kind);

    /// <summary>Every request logged so far, including those of earlier runs on the same state folder.</summary>
    public IReadOnlyList<SimulatorRequestLogEntry> ReadRequestLog() => RequestLog.Read(RequestLogPath);

    public static async Task<TipSimulator> StartAsync(TipSimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.StateDirectory))
        {
            throw new ArgumentException("TipSimulatorOptions.StateDirectory is required: the folder for ca.pem, client.pfx and account.json.", nameof(options));
        }

        if (options.DayQuota < 0) throw new ArgumentOutOfRangeException(nameof(options), "DayQuota must be 0 or more.");

        var directory = Path.GetFullPath(options.StateDirectory);
        Directory.CreateDirectory(directory);
        var accounts = AccountStore.LoadOrCreate(directory, options.TimeProvider.GetUtcNow());
        if (accounts.Created)
        {
            // New passwords: older certificate files cannot be opened with them.
            File.Delete(Path.Combine(directory, SimulatorCertificates.CaPemFile));
        }

        var certificates = SimulatorCertificates.LoadOrCreate(directory, accounts.PfxPassword, accounts.ServerPfxPassword);
        var log = new RequestLog(Path.Combine(directory, RequestLog.FileName));
        var quota = new QuotaCounter();
        quota.Seed(RequestLog.Read(log.Path));
        var faults = new SimulatorFaults(options.Latency, options.SlowLatency);
        var stopping = new CancellationTokenSource();
        var handler = new LookupHandler(options, accounts, log, quota, FixtureCatalog.Load(), faults, stopping.Token);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = StopTimeout);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, options.Port, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = certificates.Server,
                // A certificate not issued by our CA fails the TLS handshake. None at all passes it, as a token request
                // carries none (and the portal's web pages share the host); a Basic request without one is refused in HTTP.
                ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                ClientCertificateValidation = (certificate, _, _) => certificates.IsIssuedByCa(certificate),
            }));
        });

        var app = builder.Build();
        app.Run(handler.HandleAsync);
        var simulator = new TipSimulator(app, certificates, log, accounts, stopping, faults, directory);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await simulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        simulator.BaseAddress = new Uri($"https://127.0.0.1:{new Uri(address).Port}/");
        return simulator;
    }

    /// <summary>Stops within a few seconds: pending delays are cancelled and open connections aborted.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        using (var timeout = new CancellationTokenSource(StopTimeout))
        {
            try
            {
                await _app.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Timed out: connections were aborted; disposal below still frees the port.
            }
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _log.Dispose();
        _certificates.Dispose();
        _stopping.Dispose();
    }
}
