using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace KumaTip.Postgres.Testing;

/// <summary>
/// A private, throwaway PostgreSQL server: its own data folder in a temp folder, its own superuser with a random
/// password, listening on 127.0.0.1 at a free port (and a unix socket in the temp folder, nowhere else). Run as root,
/// the folder belongs to the <c>postgres</c> OS user and initdb/pg_ctl run as that user (<c>runuser -u postgres --</c>),
/// since the server refuses to run as root. <see cref="Dispose"/> stops it at once and deletes the folder; so does the
/// end of the process.
/// </summary>
/// <example>
/// <code>
/// using var cluster = PostgresCluster.StartNew();
/// var connectionString = cluster.CreateDatabase("store_test");
/// cluster.CreateLoginRole("alice", "pw-alice", "team_reader");
/// </code>
/// </example>
public sealed partial class PostgresCluster : IDisposable
{
    /// <summary>The superuser initdb creates (scram-sha-256 over TCP; trust only on the private socket).</summary>
    public const string DefaultAdminUser = "kumatip_admin";

    private static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(60);
    private readonly object _gate = new();
    private readonly EventHandler _onProcessExit;
    private readonly bool _asPostgresUser;
    private bool _running;
    private bool _disposed;

    private PostgresCluster(PostgresBinaries binaries, string folder, bool asPostgresUser, string adminPassword)
    {
        Binaries = binaries;
        Folder = folder;
        _asPostgresUser = asPostgresUser;
        AdminPassword = adminPassword;
        _onProcessExit = (_, _) => Dispose();
        AppDomain.CurrentDomain.ProcessExit += _onProcessExit;
    }

    /// <summary>The binaries this cluster runs.</summary>
    public PostgresBinaries Binaries { get; }

    /// <summary>The temp folder: <c>data/</c>, <c>server.log</c> and the unix socket. Deleted by <see cref="Dispose"/>.</summary>
    public string Folder { get; }

    /// <summary>The data directory (initdb's <c>-D</c>).</summary>
    public string DataDirectory => Path.Combine(Folder, "data");

    /// <summary>The server log (pg_ctl's <c>-l</c>).</summary>
    public string LogPath => Path.Combine(Folder, "server.log");

    /// <summary>Always the loopback address.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The TCP port, chosen free at the first start and kept by <see cref="Start"/> and <see cref="Restart"/>.</summary>
    public int Port { get; private set; }

    /// <summary>The superuser's name, <see cref="DefaultAdminUser"/>.</summary>
    public string AdminUser => DefaultAdminUser;

    /// <summary>The superuser's password: random per cluster. Pass it on in connection strings or environment
    /// variables only; never print it.</summary>
    public string AdminPassword { get; }

    /// <summary>True between a successful start and a stop.</summary>
    public bool IsRunning { get { lock (_gate) return _running; } }

    /// <summary>Starts a new cluster with this machine's binaries (<see cref="PostgresAvailability.Require"/>:
    /// without them it throws with the install message).</summary>
    public static PostgresCluster StartNew(TimeSpan? startTimeout = null)
        => StartNew(PostgresAvailability.Require(), startTimeout);

    /// <summary>Starts a new cluster: initdb in a fresh temp folder, then pg_ctl start on a free loopback port, then
    /// waits (bounded) until a connection succeeds. Throws with the server log's tail when it does not come up.</summary>
    public static PostgresCluster StartNew(PostgresBinaries binaries, TimeSpan? startTimeout = null)
    {
        var asPostgresUser = IsRoot();
        var folder = CreateFolder(asPostgresUser);
        var cluster = new PostgresCluster(binaries, folder, asPostgresUser, RandomPassword());
        try
        {
            cluster.InitDb();
            // A free port can be taken between looking and binding: try a few.
            for (var attempt = 1; ; attempt++)
            {
                cluster.Port = FreePort();
                try
                {
                    cluster.StartServer(startTimeout ?? DefaultStartTimeout);
                    return cluster;
                }
                catch (PostgresClusterException) when (attempt < 3 && cluster.LogTail().Contains("could not bind", StringComparison.OrdinalIgnoreCase))
                {
                }
            }
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>A connection string for the superuser to <paramref name="database"/>.</summary>
    public string AdminConnectionString(string database = "postgres") => ConnectionString(database, AdminUser, AdminPassword);

    /// <summary>A connection string for any role to <paramref name="database"/> over TCP.</summary>
    public string ConnectionString(string database, string user, string password)
        => new NpgsqlConnectionStringBuilder
        {
            Host = Host,
            Port = Port,
            Database = database,
            Username = user,
            Password = password,
            Timeout = 15,
        }.ConnectionString;

    /// <summary>Creates an empty database owned by the superuser and returns the superuser's connection string to it.</summary>
    public string CreateDatabase(string name)
    {
        Execute($"CREATE DATABASE {QuoteIdentifier(name)}");
        return AdminConnectionString(name);
    }

    /// <summary>Creates a role that can log in with <paramref name="password"/> (scram-sha-256), a member of each
    /// role of <paramref name="memberOf"/> (which must exist). Roles are cluster-wide: use unique names.</summary>
    public void CreateLoginRole(string name, string password, params string[] memberOf)
    {
        var sql = new StringBuilder($"CREATE ROLE {QuoteIdentifier(name)} LOGIN PASSWORD {QuoteLiteral(password)}");
        if (memberOf.Length > 0) sql.Append(" IN ROLE ").Append(string.Join(", ", memberOf.Select(QuoteIdentifier)));
        Execute(sql.ToString());
    }

    /// <summary>Runs one statement as the superuser (in <paramref name="database"/>).</summary>
    public void Execute(string sql, string database = "postgres")
    {
        using var connection = new NpgsqlConnection(Unpooled(AdminConnectionString(database)));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Stops the server (fast shutdown: open sessions are ended); the data stays for <see cref="Start"/>.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_running) return;
            var (exit, output) = RunTool(Binaries.PgCtl, "-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop");
            if (exit != 0) throw new PostgresClusterException($"pg_ctl stop failed (exit code {exit}): {output}{LogTailText()}");
            _running = false;
        }
        // Pooled connections to the old server are dead; do not hand them out again.
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Starts the stopped server again on the same data folder and port.</summary>
    public void Start(TimeSpan? timeout = null)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_running) return;
            StartServer(timeout ?? DefaultStartTimeout);
        }
    }

    /// <summary><see cref="Stop"/> then <see cref="Start"/>.</summary>
    public void Restart()
    {
        Stop();
        Start();
    }

    /// <summary>Stops the server at once (<c>-m immediate</c>) and deletes the folder. Safe to call more than once.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            try
            {
                if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
                {
                    var (exit, _) = RunTool(Binaries.PgCtl, "-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop");
                    if (exit != 0) KillPostmaster();
                }
            }
            catch (Exception)
            {
                KillPostmaster();
            }
            _running = false;
            for (var attempt = 0; attempt < 5 && Directory.Exists(Folder); attempt++)
            {
                try { Directory.Delete(Folder, recursive: true); }
                catch (IOException) { Thread.Sleep(200); }
                catch (UnauthorizedAccessException) { Thread.Sleep(200); }
            }
        }
        AppDomain.CurrentDomain.ProcessExit -= _onProcessExit;
    }

    /// <summary>The last lines of the server log (empty when there is none).</summary>
    public string LogTail(int lines = 40)
    {
        try
        {
            return File.Exists(LogPath) ? string.Join("\n", File.ReadLines(LogPath).TakeLast(lines)) : "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    private string LogTailText()
    {
        var tail = LogTail();
        return tail.Length == 0 ? "" : $"\nLast lines of {LogPath}:\n{tail}";
    }

    private void InitDb()
    {
        // initdb reads the password from a file only the server's user can read, deleted right after.
        var passwordFile = Path.Combine(Folder, "admin-password");
        File.WriteAllText(passwordFile, AdminPassword + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            GiveToPostgresUser(passwordFile);
            var (exit, output) = RunTool(Binaries.Initdb,
                "-D", DataDirectory, "-U", AdminUser, "--pwfile=" + passwordFile,
                "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--locale=C", "--no-sync");
            if (exit != 0) throw new PostgresClusterException($"initdb failed (exit code {exit}):\n{output}");
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private void StartServer(TimeSpan timeout)
    {
        // Only loopback and the private socket folder; fsync off: the data is thrown away anyway.
        var options = $"-c listen_addresses=127.0.0.1 -c port={Port} -c unix_socket_directories='{Folder}' -c fsync=off";
        var seconds = ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (exit, output) = RunTool(Binaries.PgCtl, "-D", DataDirectory, "-l", LogPath, "-o", options, "-w", "-t", seconds, "start");
        if (exit != 0)
        {
            KillPostmaster();
            throw new PostgresClusterException($"pg_ctl start failed on port {Port} (exit code {exit}): {output.Trim()}{LogTailText()}");
        }
        _running = true;
        WaitUntilConnectable(timeout);
    }

    private void WaitUntilConnectable(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        Exception? last = null;
        while (watch.Elapsed < timeout)
        {
            try
            {
                using var connection = new NpgsqlConnection(Unpooled(AdminConnectionString()));
                connection.Open();
                return;
            }
            catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
            {
                last = e;
                Thread.Sleep(100);
            }
        }
        throw new PostgresClusterException(
            $"PostgreSQL on {Host}:{Port} accepted no connection within {timeout.TotalSeconds:0} s: {last?.Message}{LogTailText()}");
    }

    private void KillPostmaster()
    {
        try
        {
            var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
            if (!File.Exists(pidFile)) return;
            if (int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid) && pid > 0)
            {
                using var postmaster = Process.GetProcessById(pid);
                if (postmaster.ProcessName.Contains("postgres", StringComparison.OrdinalIgnoreCase)) postmaster.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
        }
    }

    /// <summary>Runs initdb or pg_ctl, as the postgres user when this process is root.</summary>
    private (int ExitCode, string Output) RunTool(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            // A folder the postgres user may stand in (the caller's may be under /root).
            WorkingDirectory = Folder,
        };
        if (_asPostgresUser)
        {
            start.FileName = "runuser";
            foreach (var argument in new[] { "-u", "postgres", "--", program }) start.ArgumentList.Add(argument);
        }
        else
        {
            start.FileName = program;
        }
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["LC_ALL"] = "C";
        start.Environment.Remove("PGDATA");
        start.Environment.Remove("PGPORT");

        using var process = Process.Start(start) ?? throw new PostgresClusterException($"Could not start {program}.");
        process.StandardInput.Close();
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new PostgresClusterException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} still ran after 3 minutes and was killed.");
        }
        process.WaitForExit();
        lock (output) return (process.ExitCode, output.ToString());
    }

    private void GiveToPostgresUser(string path)
    {
        if (!_asPostgresUser) return;
        RunChown(path);
    }

    private static void RunChown(string path)
    {
        using var chown = Process.Start(new ProcessStartInfo("chown", new[] { "-R", "postgres:postgres", path }) { RedirectStandardError = true })!;
        var error = chown.StandardError.ReadToEnd();
        chown.WaitForExit();
        if (chown.ExitCode != 0) throw new PostgresClusterException($"chown postgres {path} failed: {error.Trim()} (is there a 'postgres' OS user? the postgresql package creates it)");
    }

    private static string CreateFolder(bool asPostgresUser)
    {
        // As root the postgres user must reach the folder: the temp root must be traversable by others.
        var parent = Path.GetTempPath();
        if (asPostgresUser && !TraversableByOthers(parent)) parent = "/tmp";
        var folder = Path.Combine(parent, "kumatip-pg-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(5)).ToLowerInvariant());
        Directory.CreateDirectory(folder);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (asPostgresUser) RunChown(folder);
        return folder;
    }

    private static bool TraversableByOthers(string path)
    {
        if (OperatingSystem.IsWindows()) return true;
        for (var dir = new DirectoryInfo(Path.GetFullPath(path)); dir != null; dir = dir.Parent)
        {
            if (!dir.Exists || (dir.UnixFileMode & UnixFileMode.OtherExecute) == 0) return false;
        }
        return true;
    }

    private static bool IsRoot() => !OperatingSystem.IsWindows() && geteuid() == 0;

    [DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RandomPassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', 'A').Replace('/', 'B').TrimEnd('=');

    private static string Unpooled(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    /// <summary>A plain identifier for names the tests choose: lower-case letters, digits and underscores.</summary>
    public static string QuoteIdentifier(string name)
    {
        if (!IdentifierPattern().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a plain PostgreSQL name (a-z, 0-9, _; at most 63; not starting with a digit).", nameof(name));
        }
        return "\"" + name + "\"";
    }

    private static string QuoteLiteral(string value) => "'" + value.Replace("'", "''") + "'";

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex IdentifierPattern();
}

/// <summary>The throwaway cluster could not be set up, started or stopped; the message has the log's tail.</summary>
public sealed class PostgresClusterException : Exception
{
    /// <summary>A failure with what was seen (tool output, log tail; never the admin password).</summary>
    public PostgresClusterException(string message) : base(message) { }
}
