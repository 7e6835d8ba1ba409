using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace KumaTip.Core.Tests.Stores;

/// <summary>
/// A private, throwaway PostgreSQL cluster for the store tests: initdb in a temp folder (as the postgres user when run as
/// root), password logins over TCP on 127.0.0.1 (scram-sha-256, so a wrong password is refused), a free port in
/// 56000-56100, stopped and removed at the end. Each test takes a database of its own.
/// </summary>
public sealed class TeamStoreServer : IAsyncLifetime
{
    public const string AdminUser = "admin";
    public readonly string AdminPassword = "adm-" + Guid.NewGuid().ToString("N");

    private string? _directory;
    private string? _bin;

    public int Port { get; private set; }

    /// <summary>Why PostgreSQL tests cannot run here, or null.</summary>
    public static string? Unavailable => BinDirectory() == null ? "PostgreSQL binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin: apt-get install -y postgresql" : null;

    public async Task InitializeAsync()
    {
        _bin = BinDirectory();
        if (_bin == null) return;
        _directory = Path.Combine(Path.GetTempPath(), "kumatip-store-pg-" + Guid.NewGuid().ToString("N").Substring(0, 12));
        Directory.CreateDirectory(_directory);
        var data = Path.Combine(_directory, "data");
        var pwfile = Path.Combine(_directory, "pw");
        await File.WriteAllTextAsync(pwfile, AdminPassword);
        if (IsRoot) Run("chown", "-R postgres:postgres " + _directory);
        Run(Path.Combine(_bin, "initdb"), $"-D {data} -U {AdminUser} --pwfile={pwfile} --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --no-sync");
        File.Delete(pwfile);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var port = Random.Shared.Next(56000, 56101);
            if (!PortFree(port)) continue;
            var (code, _) = TryRun(Path.Combine(_bin, "pg_ctl"), $"-D {data} -l {Path.Combine(_directory, "log")} -w -t 60 -o \"-p {port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off\" start");
            if (code == 0)
            {
                Port = port;
                return;
            }
        }
        throw new InvalidOperationException("The test PostgreSQL cluster did not start on any port in 56000-56100; see " + Path.Combine(_directory, "log"));
    }

    public Task DisposeAsync()
    {
        if (_bin != null && _directory != null)
        {
            NpgsqlConnection.ClearAllPools();
            TryRun(Path.Combine(_bin, "pg_ctl"), $"-D {Path.Combine(_directory, "data")} -m immediate -w stop");
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        return Task.CompletedTask;
    }

    /// <summary>A connection string (without password) for <paramref name="user"/> on <paramref name="database"/>.</summary>
    public string ConnectionString(string database, string user) => $"Host=127.0.0.1;Port={Port};Database={database};Username={user}";

    /// <summary>The administrator's (a superuser's) connection string, password included.</summary>
    public string Admin(string database = "postgres") => ConnectionString(database, AdminUser) + ";Password=" + AdminPassword;

    /// <summary>A new, empty database for one test; its name.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N").Substring(0, 16);
        await ExecuteAsync(Admin(), "CREATE DATABASE " + name);
        return name;
    }

    /// <summary>A login role (not a superuser), e.g. an analyst; its name.</summary>
    public async Task<string> CreateLoginAsync(string prefix, string password)
    {
        var name = prefix + "_" + Guid.NewGuid().ToString("N").Substring(0, 8);
        await ExecuteAsync(Admin(), $"CREATE ROLE {name} LOGIN PASSWORD '{password}'");
        return name;
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static string? BinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return null;
        return Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
            .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static bool PortFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static void Run(string file, string arguments)
    {
        var (code, output) = TryRun(file, arguments);
        if (code != 0) throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({code}): {output}");
    }

    // initdb and pg_ctl refuse to run as root: run them as postgres through runuser.
    private static (int Code, string Output) TryRun(string file, string arguments)
    {
        var start = IsRoot && file.StartsWith("/usr/lib/postgresql", StringComparison.Ordinal)
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}

/// <summary>The store tests share one cluster and run one at a time (some set PGPASSWORD / PGPASSFILE for the process).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TeamStoreCollection : ICollectionFixture<TeamStoreServer>
{
    public const string Name = "Team store (PostgreSQL)";
}

/// <summary>A fact that needs PostgreSQL: skipped with how to install it when the binaries are missing, except under CI=true.</summary>
public sealed class TeamStoreFactAttribute : FactAttribute
{
    public TeamStoreFactAttribute()
    {
        if (TeamStoreServer.Unavailable is { } why && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = why + "; CI=true makes this a failure.";
        }
    }
}
