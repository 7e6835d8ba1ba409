using KumaTip.Postgres.Testing;
using Npgsql;

namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>
/// The team-store scenarios' PostgreSQL: one private throwaway cluster (KumaTip.Postgres.Testing) started on first use
/// and removed at the end of the run; each scenario gets a database of its own with KumaTip's schema, and login roles
/// granted tenants — non-owner roles, so row-level security applies as it does to analysts.
/// </summary>
public sealed class TeamStoreServer : IDisposable
{
    private readonly Lazy<PostgresCluster> _cluster = new(() => PostgresCluster.StartNew(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Null when the team scenarios can run here; else the line the report shows instead of their figures. Without
    /// PostgreSQL binaries they are skipped, except under CI=true, where <see cref="Require"/> makes that an error.
    /// </summary>
    public static string? SkipReason => PostgresAvailability.Current == PostgresVerdict.Skip
        ? "skipped: no PostgreSQL binaries on this machine. " + PostgresAvailability.InstallMessage
        : null;

    /// <summary>Throws (an error in the report) under CI=true without binaries.</summary>
    public static void Require()
    {
        if (PostgresAvailability.Current == PostgresVerdict.Fail) throw new BenchmarkException(PostgresAvailability.MessageFor(PostgresVerdict.Fail)!);
    }

    public PostgresCluster Cluster => _cluster.Value;

    /// <summary>"PostgreSQL 15.x" of the running cluster, for the report.</summary>
    public string ServerVersion
    {
        get
        {
            using var connection = new NpgsqlConnection(Cluster.AdminConnectionString());
            connection.Open();
            return "PostgreSQL " + connection.PostgreSqlVersion;
        }
    }

    /// <summary>A new database with the schema applied (the migrations in order, as the Core tests' helper does); its name.</summary>
    public string CreateDatabase(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 9, 63)];
        Cluster.CreateDatabase(name);
        using var connection = new NpgsqlConnection(Cluster.AdminConnectionString(name));
        connection.Open();
        foreach (var file in Directory.GetFiles(MigrationsFolder, "*.sql").OrderBy(f => f, StringComparer.Ordinal))
        {
            using var transaction = connection.BeginTransaction();
            using (var command = new NpgsqlCommand(File.ReadAllText(file), connection)) command.ExecuteNonQuery();
            var version = int.Parse(Path.GetFileName(file)[..4]);
            using (var record = new NpgsqlCommand($"INSERT INTO kumatip.schema_migrations (version, module_version) VALUES ({version}, 'benchmark')", connection))
                record.ExecuteNonQuery();
            transaction.Commit();
        }
        return name;
    }

    /// <summary>A login role (member of kumatip_user, not the owner) granted <paramref name="tenants"/> (upper-case keys); its connection string.</summary>
    public string LoginFor(string database, string role, params string[] tenants)
    {
        var password = "pw-" + Guid.NewGuid().ToString("N");
        Cluster.Execute($"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN CREATE ROLE {role} LOGIN; END IF; END $$; " +
                        $"ALTER ROLE {role} PASSWORD '{password}'; GRANT kumatip_user TO {role};", database);
        foreach (var tenant in tenants)
            Cluster.Execute($"INSERT INTO kumatip.tenant_grants (role_name, tenant_key) VALUES ('{role}', '{tenant}') ON CONFLICT DO NOTHING", database);
        return Cluster.ConnectionString(database, role, password);
    }

    /// <summary>The schema owner's connection (not subject to row-level security): for checks after a run.</summary>
    public string AdminConnectionString(string database) => Cluster.AdminConnectionString(database);

    /// <summary>One number from a query as the owner.</summary>
    public long Scalar(string database, string sql)
    {
        using var connection = new NpgsqlConnection(AdminConnectionString(database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private static string MigrationsFolder => Path.Combine(RepositoryPaths.Root, "src", "KumaTip.Core", "Stores", "Postgres", "Migrations");

    public void Dispose()
    {
        if (_cluster.IsValueCreated) _cluster.Value.Dispose();
    }
}
