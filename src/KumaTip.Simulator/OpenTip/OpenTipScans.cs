using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace KumaTip.Simulator.OpenTip;

/// <summary>
/// Files uploaded to OpenTIP's sandbox (tip-api.md §8.2), found by any of their hashes. The analysis is "in progress"
/// for <see cref="TipSimulatorOptions.OpenTipAnalysisTime"/> after the upload, then "complete". In memory: a restarted
/// simulator has forgotten its uploads, and getresult then says "not started", which a client must handle anyway.
/// </summary>
internal sealed class OpenTipScans
{
    private readonly ConcurrentDictionary<string, ScannedFile> _byHash = new(StringComparer.OrdinalIgnoreCase);

    public ScannedFile Add(string fileName, byte[] content, DateTimeOffset now)
    {
        var file = new ScannedFile(
            Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant(),
            Convert.ToHexString(SHA1.HashData(content)).ToLowerInvariant(),
            Convert.ToHexString(MD5.HashData(content)).ToLowerInvariant(),
            fileName, content.LongLength, now);
        // A second upload of the same file keeps the first analysis, as a sandbox that has the file already would.
        var kept = _byHash.GetOrAdd(file.Sha256, file);
        _byHash.TryAdd(kept.Sha1, kept);
        _byHash.TryAdd(kept.Md5, kept);
        return kept;
    }

    public ScannedFile? Find(string hash) => _byHash.TryGetValue(hash, out var file) ? file : null;
}
