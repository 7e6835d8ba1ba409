using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace KumaTip.Simulator.Logging;

/// <summary>
/// <c>requests.jsonl</c>: one JSON object per request, appended and flushed before the answer is sent,
/// so whoever got an answer can count it in the file. Writers are serialized by a lock.
/// </summary>
internal sealed class RequestLog : IDisposable
{
    public const string FileName = "requests.jsonl";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly object _gate = new();
    private readonly FileStream _stream;
    private bool _disposed;

    public RequestLog(string path)
    {
        Path = path;
        _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
    }

    public string Path { get; }

    public void Append(SimulatorRequestLogEntry entry)
    {
        var line = JsonSerializer.SerializeToUtf8Bytes(entry, JsonOptions);
        lock (_gate)
        {
            if (_disposed) return; // a request outlived a stop that timed out; nothing to keep it for
            _stream.Write(line);
            _stream.WriteByte((byte)'\n');
            _stream.Flush();
        }
    }

    /// <summary>Every entry in the file, in order; a torn last line (a crash mid-write) is skipped.</summary>
    public static IReadOnlyList<SimulatorRequestLogEntry> Read(string path)
    {
        var entries = new List<SimulatorRequestLogEntry>();
        if (!File.Exists(path)) return entries;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            try
            {
                var entry = JsonSerializer.Deserialize<SimulatorRequestLogEntry>(line, JsonOptions);
                if (entry is not null) entries.Add(entry);
            }
            catch (JsonException)
            {
                // A half-written line from a killed process; the rest of the file is still good.
            }
        }

        return entries;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _stream.Dispose();
        }
    }
}
