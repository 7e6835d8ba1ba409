using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace KumaTip.Core.Tests.Api.Infrastructure;

/// <summary>
/// A real TLS server (<c>openssl s_server</c>) that requires a client certificate issued by the test CA and refuses any
/// other with a TLS alert ("unknown ca"), as an OpenSSL-based portal front end does. With TLS 1.3 that alert reaches
/// the client after its side of the handshake, with the first read. Counts the handshakes it refused.
/// </summary>
public sealed class OpenSslServer : IDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _refusals;

    private OpenSslServer(string tlsVersionFlag)
    {
        var certificates = TestCertificates.Instance;
        _directory = Directory.CreateTempSubdirectory("kumatip-openssl-").FullName;
        File.WriteAllText(Path.Combine(_directory, "ca.pem"), certificates.CaPem);
        File.WriteAllText(Path.Combine(_directory, "server.pem"), TestCertificates.ToPem(certificates.Server));
        File.WriteAllText(Path.Combine(_directory, "server.key"), certificates.Server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var port = FreePort();
        BaseAddress = new Uri($"https://localhost:{port}/");
        var start = new ProcessStartInfo(FindOpenSsl()!,
            $"s_server -accept {port} -cert server.pem -key server.key -CAfile ca.pem -Verify 1 -verify_return_error -www {tlsVersionFlag}")
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Read(e.Data);
        _process.ErrorDataReceived += (_, e) => Read(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    /// <summary>Handshakes refused so far (one per connection the client made).</summary>
    public int Refusals => Volatile.Read(ref _refusals);

    /// <param name="tlsVersionFlag"><c>-tls1_3</c> or <c>-tls1_2</c>.</param>
    public static async Task<OpenSslServer> StartAsync(string tlsVersionFlag)
    {
        var server = new OpenSslServer(tlsVersionFlag);
        try
        {
            await server._listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>The openssl executable on PATH, or null.</summary>
    public static string? FindOpenSsl()
    {
        var names = OperatingSystem.IsWindows() ? new[] { "openssl.exe" } : new[] { "openssl" };
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var path = Path.Combine(directory, name);
                if (File.Exists(path)) return path;
            }
        }

        return null;
    }

    /// <summary>Waits (bounded) until at least <paramref name="count"/> refusals were logged.</summary>
    public async Task WaitForRefusalsAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TestClients.TestTimeout);
        while (Refusals < count) await Task.Delay(20, timeout.Token);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill();
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // It never started or is gone already.
        }

        _process.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private void Read(string? line)
    {
        if (line == null) return;
        if (line.StartsWith("ACCEPT", StringComparison.Ordinal)) _listening.TrySetResult();
        // OpenSSL logs one "certificate verify failed" per refused handshake.
        if (line.Contains("certificate verify failed", StringComparison.Ordinal)) Interlocked.Increment(ref _refusals);
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
