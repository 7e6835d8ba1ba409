using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace KumaTip.Simulator.Accounts;

/// <summary>
/// <c>account.json</c>: the normal account at the top level (User, Password, PfxPassword, as the contract says, and
/// its ApiToken) plus every account under <c>Accounts</c>. Created once with random passwords and tokens, then reused;
/// a token past its expiry is replaced on the next start, as a user would request a new one.
/// </summary>
internal sealed class AccountStore
{
    public const string FileName = "account.json";

    /// <summary>tip-api.md §1: a token is valid for at most one year.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromDays(365);

    /// <summary>How far ahead of each answer the <see cref="SimulatorAccountKind.TokenExpiringSoon"/> token expires.</summary>
    public static readonly TimeSpan SoonExpiringTokenLifetime = TimeSpan.FromDays(10);

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>The user of each kind of account, in the order account.json lists them.</summary>
    private static readonly KeyValuePair<SimulatorAccountKind, string>[] Users =
    [
        new(SimulatorAccountKind.Normal, "kumatip-sim"),
        new(SimulatorAccountKind.TermsNotAccepted, "kumatip-sim-terms"),
        new(SimulatorAccountKind.NoApiAccess, "kumatip-sim-noapi"),
        new(SimulatorAccountKind.QuotaSpent, "kumatip-sim-quota"),
        new(SimulatorAccountKind.TokenExpiringSoon, "kumatip-sim-token-soon"),
    ];

    private readonly Dictionary<string, SimulatorAccount> _byUser;

    private AccountStore(AccountFile file, bool created)
    {
        Created = created;
        PfxPassword = file.PfxPassword;
        ServerPfxPassword = file.ServerPfxPassword;
        Accounts = file.Accounts
            .Select(a => new SimulatorAccount(a.User, a.Password, file.PfxPassword, a.Kind, a.ApiToken ?? "", a.TokenExpires))
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
        return Same(account.Password, password) ? account : null;
    }

    /// <summary>The account whose API token this is and has not expired at <paramref name="now"/>, else null.</summary>
    public SimulatorAccount? AuthenticateToken(string token, DateTimeOffset now)
    {
        // Every account is compared, so the time taken says nothing about which one nearly matched.
        SimulatorAccount? found = null;
        foreach (var account in Accounts)
        {
            if (account.ApiToken.Length > 0 && Same(account.ApiToken, token)) found = account;
        }

        return found is not null && TokenExpirationDate(found, now) > now ? found : null;
    }

    /// <summary>When the account's token expires, as LicenseInfo reports it at <paramref name="now"/>.</summary>
    public static DateTimeOffset? TokenExpirationDate(SimulatorAccount account, DateTimeOffset now) =>
        account.ApiToken.Length == 0 ? null
        : account.Kind == SimulatorAccountKind.TokenExpiringSoon ? now + SoonExpiringTokenLifetime
        : account.TokenExpires;

    public static AccountStore LoadOrCreate(string directory, DateTimeOffset now)
    {
        var path = Path.Combine(directory, FileName);
        if (File.Exists(path))
        {
            var existing = JsonSerializer.Deserialize<AccountFile>(File.ReadAllText(path));
            if (existing is { Accounts.Count: > 0 } && existing.Accounts.Any(a => a.Kind == SimulatorAccountKind.Normal))
            {
                // A file from an older simulator keeps its accounts (and so its certificates) and gains what it lacks.
                var missing = Users.Where(u => existing.Accounts.All(a => a.Kind != u.Key)).Select(u => NewAccount(u.Value, u.Key, now)).ToList();
                var completed = missing.Count == 0 ? existing : existing with { Accounts = existing.Accounts.Concat(missing).ToList() };
                var renewed = RenewTokens(completed, now);
                if (!ReferenceEquals(renewed, existing)) Write(path, renewed);
                return new AccountStore(renewed, created: false);
            }
        }

        var accounts = Users.Select(u => NewAccount(u.Value, u.Key, now)).ToList();
        var file = WithNormalOnTop(new AccountFile("", "", NewSecret(), NewSecret(), accounts));
        Write(path, file);
        return new AccountStore(file, created: true);
    }

    /// <summary>Gives a new token to every account whose token is missing (a file from before tokens) or has expired.</summary>
    private static AccountFile RenewTokens(AccountFile file, DateTimeOffset now)
    {
        if (file.Accounts.All(a => a.ApiToken is { Length: > 0 } && a.TokenExpires > now) && file.ApiToken is { Length: > 0 }) return file;
        var accounts = file.Accounts
            .Select(a => a.ApiToken is { Length: > 0 } && a.TokenExpires > now ? a : a with { ApiToken = NewToken(), TokenExpires = ExpiryFrom(now) })
            .ToList();
        return WithNormalOnTop(file with { Accounts = accounts });
    }

    private static AccountFile WithNormalOnTop(AccountFile file)
    {
        var normal = file.Accounts.First(a => a.Kind == SimulatorAccountKind.Normal);
        return file with { User = normal.User, Password = normal.Password, ApiToken = normal.ApiToken };
    }

    private static void Write(string path, AccountFile file)
    {
        File.WriteAllText(path, JsonSerializer.Serialize(file, JsonOptions));
        Certificates.SimulatorCertificates.RestrictToOwner(path);
    }

    private static AccountEntry NewAccount(string user, SimulatorAccountKind kind, DateTimeOffset now) =>
        new(user, NewSecret(), kind, NewToken(), ExpiryFrom(now));

    // Whole minutes: LicenseInfo reports dates to the minute, so the stored expiry and the reported one agree.
    private static DateTimeOffset ExpiryFrom(DateTimeOffset now)
    {
        var expires = (now + TokenLifetime).UtcDateTime;
        return new DateTimeOffset(expires.Year, expires.Month, expires.Day, expires.Hour, expires.Minute, 0, TimeSpan.Zero);
    }

    private static bool Same(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(given));

    private static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    /// <summary>The portal's token format is not documented; 32 random bytes, base64url, fit in any header.</summary>
    private static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private sealed record AccountFile(
        string User,
        string Password,
        string PfxPassword,
        string ServerPfxPassword,
        List<AccountEntry> Accounts,
        string? ApiToken = null);

    private sealed record AccountEntry(
        string User,
        string Password,
        [property: JsonConverter(typeof(JsonStringEnumConverter<SimulatorAccountKind>))] SimulatorAccountKind Kind,
        string? ApiToken = null,
        DateTimeOffset? TokenExpires = null);
}
