using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KumaTip.Simulator.Accounts;

/// <summary>
/// <c>account.json</c>: the normal account at the top level (User, Password, PfxPassword, as the contract says)
/// plus every account under <c>Accounts</c>. Created once with random passwords, then reused.
/// </summary>
internal sealed class AccountStore
{
    public const string FileName = "account.json";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private readonly Dictionary<string, SimulatorAccount> _byUser;

    private AccountStore(AccountFile file, bool created)
    {
        Created = created;
        PfxPassword = file.PfxPassword;
        ServerPfxPassword = file.ServerPfxPassword;
        Accounts = file.Accounts
            .Select(a => new SimulatorAccount(a.User, a.Password, file.PfxPassword, a.Kind))
            .ToArray();
        _byUser = Accounts.ToDictionary(a => a.User, StringComparer.Ordinal);
    }

    /// <summary>True when this start wrote a new account.json (any older certificates no longer match its passwords).</summary>
    public bool Created { get; }

    public string PfxPassword { get; }

    public string ServerPfxPassword { get; }

    public IReadOnlyList<SimulatorAccount> Accounts { get; }

    public SimulatorAccount Get(SimulatorAccountKind kind) => Accounts.First(a => a.Kind == kind);

    /// <summary>The account whose user and password match exactly, else null.</summary>
    public SimulatorAccount? Authenticate(string user, string password)
    {
        if (!_byUser.TryGetValue(user, out var account)) return null;
        var ok = CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(account.Password), System.Text.Encoding.UTF8.GetBytes(password));
        return ok ? account : null;
    }

    public static AccountStore LoadOrCreate(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (File.Exists(path))
        {
            var existing = JsonSerializer.Deserialize<AccountFile>(File.ReadAllText(path));
            if (existing is { Accounts.Count: > 0 } && Enum.GetValues<SimulatorAccountKind>().All(k => existing.Accounts.Any(a => a.Kind == k)))
            {
                return new AccountStore(existing, created: false);
            }
        }

        var accounts = new List<AccountEntry>
        {
            new("kumatip-sim", NewSecret(), SimulatorAccountKind.Normal),
            new("kumatip-sim-terms", NewSecret(), SimulatorAccountKind.TermsNotAccepted),
            new("kumatip-sim-noapi", NewSecret(), SimulatorAccountKind.NoApiAccess),
            new("kumatip-sim-quota", NewSecret(), SimulatorAccountKind.QuotaSpent),
        };
        var normal = accounts[0];
        var file = new AccountFile(normal.User, normal.Password, NewSecret(), NewSecret(), accounts);
        File.WriteAllText(path, JsonSerializer.Serialize(file, JsonOptions));
        Certificates.SimulatorCertificates.RestrictToOwner(path);
        return new AccountStore(file, created: true);
    }

    private static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    private sealed record AccountFile(
        string User,
        string Password,
        string PfxPassword,
        string ServerPfxPassword,
        List<AccountEntry> Accounts);

    private sealed record AccountEntry(
        string User,
        string Password,
        [property: JsonConverter(typeof(JsonStringEnumConverter<SimulatorAccountKind>))] SimulatorAccountKind Kind);
}
