using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace KumaTip.Simulator.OpenTip;

/// <summary>
/// <c>opentip.json</c>: the API key OpenTIP accepts in <c>x-api-key</c> (tip-api.md §1). A file of its own, beside
/// account.json, because OpenTIP is a separate service with its own Kaspersky Account token. Created once, then reused.
/// </summary>
internal sealed class OpenTipKeyStore
{
    public const string FileName = "opentip.json";

    private readonly byte[] _key;

    private OpenTipKeyStore(string apiKey)
    {
        ApiKey = apiKey;
        _key = Encoding.UTF8.GetBytes(apiKey);
    }

    public string ApiKey { get; }

    public bool Accepts(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(_key, Encoding.UTF8.GetBytes(presented));

    public static OpenTipKeyStore LoadOrCreate(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (File.Exists(path))
        {
            var existing = JsonSerializer.Deserialize<KeyFile>(File.ReadAllText(path));
            if (!string.IsNullOrWhiteSpace(existing?.ApiKey)) return new OpenTipKeyStore(existing.ApiKey);
        }

        // The real keys are long opaque strings; the shape does not matter to a client, only that it is secret.
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(36)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        File.WriteAllText(path, JsonSerializer.Serialize(new KeyFile(key), new JsonSerializerOptions { WriteIndented = true }));
        Certificates.SimulatorCertificates.RestrictToOwner(path);
        return new OpenTipKeyStore(key);
    }

    private sealed record KeyFile(string ApiKey);
}
