using KumaTip.Postgres.Testing;
using Npgsql;

namespace KumaTip.Core.Tests.Stores;

/// <summary>
/// The store tests' view of the shared throwaway cluster (<see cref="PostgresClusterFixture"/>): connection strings with and
/// without the password, a database and login roles per test, and plain SQL as the administrator or another role.
/// </summary>
public sealed class TeamStoreServer
{
    private readonly PostgresClusterFixture _fixture;

    public TeamStoreServer(PostgresClusterFixture fixture) => _fixture = fixture;

    private PostgresCluster Cluster => _fixture.Cluster;

    public int Port => Cluster.Port;

    public string AdminUser => Cluster.AdminUser;

    public string AdminPassword => Cluster.AdminPassword;

    /// <summary>A connection string without password for <paramref name="user"/> on <paramref name="database"/>.</summary>
    public string ConnectionString(string database, string user) => $"Host={Cluster.Host};Port={Port};Database={database};Username={user}";

    /// <summary>The administrator's (a superuser's, the schema owner's) connection string, password included.</summary>
    public string Admin(string database = "postgres") => Cluster.AdminConnectionString(database);

    /// <summary>A new, empty database for one test; its name.</summary>
    public Task<string> CreateDatabaseAsync()
        => Task.FromResult(new NpgsqlConnectionStringBuilder(_fixture.CreateDatabase("store")).Database!);

    /// <summary>A login role (not a superuser), e.g. an analyst; its unique name.</summary>
    public Task<string> CreateLoginAsync(string prefix, string password)
    {
        var name = prefix + "_" + Guid.NewGuid().ToString("N").Substring(0, 8);
        Cluster.CreateLoginRole(name, password);
        return Task.FromResult(name);
    }

    /// <summary>A loopback port nothing listens on (taken from the system, then released).</summary>
    public static int UnusedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
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
}
