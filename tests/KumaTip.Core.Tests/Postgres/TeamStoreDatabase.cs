using KumaTip.Core.Stores.Postgres;
using KumaTip.Postgres.Testing;
using Npgsql;

namespace KumaTip.Core.Tests.Postgres;

/// <summary>A fresh database on the shared throwaway cluster with KumaTip's schema, and the connection strings to reach it.</summary>
internal sealed class TeamStoreDatabase
{
    private TeamStoreDatabase(PostgresCluster cluster, string database)
    {
        Cluster = cluster;
        Database = database;
    }

    public PostgresCluster Cluster { get; }

    public string Database { get; }

    /// <summary>The schema owner's connection (not subject to row-level security).</summary>
    public string AdminConnectionString => Cluster.AdminConnectionString(Database);

    /// <summary>Creates a database with the schema, and grants every tenant to the given roles (the admin's own rows need none).</summary>
    public static TeamStoreDatabase Create(PostgresClusterFixture fixture, bool withSchema = true)
    {
        var connectionString = fixture.CreateDatabase("team");
        var database = new TeamStoreDatabase(fixture.Cluster, new NpgsqlConnectionStringBuilder(connectionString).Database!);
        if (withSchema) database.ApplySchema();
        return database;
    }

    /// <summary>The schema as Initialize-TipStore makes it: the module's migrations, by its migrator.</summary>
    public void ApplySchema()
    {
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        SchemaMigrator.ForModule().MigrateAsync(connection, PostgresConnectionString.Parse(AdminConnectionString, "the test"), CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>A login role that may use the store, granted <paramref name="tenants"/> (upper-case keys; "*" for all).</summary>
    public string LoginFor(string role, string password, params string[] tenants)
    {
        Cluster.Execute($"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN CREATE ROLE {role} LOGIN PASSWORD '{password}'; END IF; END $$; GRANT kumatip_user TO {role};", Database);
        foreach (var tenant in tenants)
        {
            Cluster.Execute($"INSERT INTO kumatip.tenant_grants (role_name, tenant_key) VALUES ('{role}', '{tenant}') ON CONFLICT DO NOTHING", Database);
        }
        return Cluster.ConnectionString(Database, role, password);
    }

    public PostgresLookupStore OpenAdmin(TimeSpan[]? retryDelays = null) => new(AdminConnectionString, null, retryDelays);
}
