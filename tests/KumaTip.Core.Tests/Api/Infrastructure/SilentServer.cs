using System.Net;
using System.Net.Sockets;

namespace KumaTip.Core.Tests.Api.Infrastructure;

/// <summary>
/// A server that accepts TCP connections and never answers: not the TLS handshake, not a request. What a hung portal,
/// a black-holing firewall or a stuck proxy looks like to the client. Counts the connections it accepted and keeps them
/// open until disposed.
/// </summary>
public sealed class SilentServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _held = new();
    private readonly Task _accepting;
    private int _accepted;

    public SilentServer()
    {
        _listener.Start();
        BaseAddress = new Uri($"https://localhost:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = Task.Run(AcceptAsync);
    }

    public Uri BaseAddress { get; }

    /// <summary>Connections accepted so far: how often the client tried.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    private async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient connection;
            try
            {
                connection = await _listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }

            lock (_held) _held.Add(connection);
            Interlocked.Increment(ref _accepted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _accepting;
        lock (_held)
        {
            foreach (var connection in _held) connection.Dispose();
        }
    }
}
