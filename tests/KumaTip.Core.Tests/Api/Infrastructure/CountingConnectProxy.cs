using System.Net;
using System.Net.Sockets;
using System.Text;

namespace KumaTip.Core.Tests.Api.Infrastructure;

/// <summary>
/// A minimal HTTP CONNECT proxy on loopback that counts the tunnels it opened and, when given credentials,
/// answers 407 until the client sends them (Basic).
/// </summary>
public sealed class CountingConnectProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly string? _expectedAuthorization;
    private readonly Task _acceptLoop;
    private int _tunnels;
    private int _challenges;

    public CountingConnectProxy(string? user = null, string? password = null)
    {
        if (user != null) _expectedAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = AcceptAsync();
    }

    public Uri Address { get; }

    public int Tunnels => Volatile.Read(ref _tunnels);

    public int Challenges => Volatile.Read(ref _challenges);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _acceptLoop.WaitAsync(TimeSpan.FromSeconds(10)); } catch (Exception) { }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        try
        {
            while (true)
            {
                var head = await ReadHeadAsync(stream);
                if (head == null) return;
                var lines = head.Split("\r\n");
                var parts = lines[0].Split(' ');
                if (parts.Length < 2 || parts[0] != "CONNECT")
                {
                    await WriteAsync(stream, "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    return;
                }

                var authorization = lines.Skip(1).FirstOrDefault(l => l.StartsWith("Proxy-Authorization:", StringComparison.OrdinalIgnoreCase))?.Split(':', 2)[1].Trim();
                if (_expectedAuthorization != null && authorization != _expectedAuthorization)
                {
                    Interlocked.Increment(ref _challenges);
                    await WriteAsync(stream, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\nContent-Length: 0\r\n\r\n");
                    continue;
                }

                var target = parts[1];
                var colon = target.LastIndexOf(':');
                using var upstream = new TcpClient();
                await upstream.ConnectAsync(target[..colon], int.Parse(target[(colon + 1)..]), _stop.Token);
                Interlocked.Increment(ref _tunnels);
                await WriteAsync(stream, "HTTP/1.1 200 Connection established\r\n\r\n");
                var upstreamStream = upstream.GetStream();
                var a = stream.CopyToAsync(upstreamStream, _stop.Token);
                var b = upstreamStream.CopyToAsync(stream, _stop.Token);
                await Task.WhenAny(a, b);
                return;
            }
        }
        catch (Exception)
        {
            // A tunnel torn down by either side: nothing to report.
        }
    }

    private static async Task<string?> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            var read = await stream.ReadAsync(one);
            if (read == 0) return null;
            buffer.Add(one[0]);
            var n = buffer.Count;
            if (n >= 4 && buffer[n - 4] == '\r' && buffer[n - 3] == '\n' && buffer[n - 2] == '\r' && buffer[n - 1] == '\n')
            {
                return Encoding.ASCII.GetString(buffer.ToArray(), 0, n - 4);
            }
        }
    }

    private static Task WriteAsync(NetworkStream stream, string text) => stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();
}
