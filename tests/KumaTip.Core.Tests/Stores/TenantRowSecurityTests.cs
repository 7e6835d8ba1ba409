using KumaTip.Core.Stores;
using KumaTip.Core.Stores.Postgres;
using KumaTip.Postgres.Testing;
using Npgsql;

namespace KumaTip.Core.Tests.Stores;

/// <summary>
/// Tenants are an access boundary in the team store: roles set up with Initialize-TipStore -TenantRole reach only their
/// tenants' rows. Proven with hand-written SQL, connected as each analyst's own login role.
/// </summary>
[Collection(PostgresClusterFixture.Collection)]
public sealed class TenantRowSecurityTests
{
    private const string LedgerInsert =
        "INSERT INTO kumatip.ledger (tenant_key, tenant, at, indicator_type, indicator, status_code, user_name, host) VALUES ('{0}', '{1}', now(), 'Domain', '{2}', 200, current_user, 'test')";

    private readonly TeamStoreServer _server;
    private readonly TipStoreService _service = new(new PostgresRetry(0, TimeSpan.Zero), SchemaMigrator.ForModule());

    public TenantRowSecurityTests(PostgresClusterFixture cluster) => _server = new TeamStoreServer(cluster);

    private StoreChoice Admin(string database)
        => StoreChoiceStore.PostgreSql(_server.ConnectionString(database, _server.AdminUser), null, _server.AdminPassword, StoreSource.Parameter);

    private string As(string database, string login) => _server.ConnectionString(database, login) + ";Password=analyst-pw";

    [PostgresFact]
    public async Task Each_role_reads_and_writes_only_the_rows_of_its_tenants()
    {
        var database = await _server.CreateDatabaseAsync();
        var alice = await _server.CreateLoginAsync("alice", "analyst-pw");
        var bob = await _server.CreateLoginAsync("bob", "analyst-pw");
        var suffix = Guid.NewGuid().ToString("N").Substring(0, 6);
        await _service.InitializeAsync(Admin(database), TenantRoleGrant.Create("soc_main_" + suffix, new[] { "Main" }, false, new[] { alice }), default);
        await _service.InitializeAsync(Admin(database), TenantRoleGrant.Create("soc_branch_" + suffix, new[] { "branch" }, false, new[] { bob }), default);
        await TeamStoreServer.ExecuteAsync(_server.Admin(database), string.Format(LedgerInsert, "MAIN", "Main", "main.example"));
        await TeamStoreServer.ExecuteAsync(_server.Admin(database), string.Format(LedgerInsert, "BRANCH", "Branch", "branch.example"));

        // SELECT: each sees its own tenant's row only.
        Assert.Equal(new[] { "main.example" }, await Indicators(As(database, alice)));
        Assert.Equal(new[] { "branch.example" }, await Indicators(As(database, bob)));

        // INSERT: its own tenant works; another tenant's row is refused by the policy.
        await TeamStoreServer.ExecuteAsync(As(database, alice), string.Format(LedgerInsert, "MAIN", "Main", "main-2.example"));
        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            TeamStoreServer.ExecuteAsync(As(database, alice), string.Format(LedgerInsert, "BRANCH", "Branch", "smuggled.example")));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Contains("row-level security", refused.MessageText);

        // UPDATE: another tenant's rows are not even there to change; moving an own row into another tenant is refused.
        Assert.Equal(0, await Execute(As(database, alice), "UPDATE kumatip.ledger SET status_code = 500 WHERE tenant_key = 'BRANCH'"));
        Assert.Equal(2, await Execute(As(database, alice), "UPDATE kumatip.ledger SET status_code = 201"));
        var moved = await Assert.ThrowsAsync<PostgresException>(() => Execute(As(database, alice), "UPDATE kumatip.ledger SET tenant_key = 'BRANCH'"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, moved.SqlState);

        // DELETE: only its own.
        Assert.Equal(0, await Execute(As(database, bob), "DELETE FROM kumatip.ledger WHERE tenant_key = 'MAIN'"));

        // As the administrator (the owner) everything is still there, untouched by the other tenant.
        Assert.Equal(new[] { "branch.example", "main-2.example", "main.example" }, await Indicators(_server.Admin(database)));
        Assert.Equal(200, await TeamStoreServer.ScalarAsync<int>(_server.Admin(database), "SELECT status_code FROM kumatip.ledger WHERE tenant_key = 'BRANCH'"));
    }

    [PostgresFact]
    public async Task SET_ROLE_to_a_tenant_role_narrows_to_its_tenants_and_AllTenants_reaches_every_one()
    {
        var database = await _server.CreateDatabaseAsync();
        var suffix = Guid.NewGuid().ToString("N").Substring(0, 6);
        await _service.InitializeAsync(Admin(database), TenantRoleGrant.Create("soc_main_" + suffix, new[] { "Main" }, false), default);
        await _service.InitializeAsync(Admin(database), TenantRoleGrant.Create("soc_all_" + suffix, null, true), default);
        await TeamStoreServer.ExecuteAsync(_server.Admin(database), string.Format(LedgerInsert, "MAIN", "Main", "main.example"));
        await TeamStoreServer.ExecuteAsync(_server.Admin(database), string.Format(LedgerInsert, "LAB", "Lab", "lab.example"));

        Assert.Equal(new[] { "main.example" }, await Indicators(_server.Admin(database), "SET ROLE soc_main_" + suffix));
        Assert.Equal(new[] { "lab.example", "main.example" }, await Indicators(_server.Admin(database), "SET ROLE soc_all_" + suffix));
    }

    [PostgresFact]
    public async Task Setting_up_a_tenant_role_twice_changes_nothing_the_second_time()
    {
        var database = await _server.CreateDatabaseAsync();
        var alice = await _server.CreateLoginAsync("alice", "analyst-pw");
        var grant = TenantRoleGrant.Create("soc_twice_" + Guid.NewGuid().ToString("N").Substring(0, 6), new[] { "Main", "main", "Branch" }, false, new[] { alice });

        await _service.InitializeAsync(Admin(database), grant, default);
        await _service.InitializeAsync(Admin(database), grant, default);

        Assert.Equal(2L, await TeamStoreServer.ScalarAsync<long>(_server.Admin(database), $"SELECT count(*) FROM kumatip.tenant_grants WHERE role_name = '{grant.Role}'"));
        Assert.False(await TeamStoreServer.ScalarAsync<bool>(_server.Admin(database), $"SELECT rolcanlogin FROM pg_roles WHERE rolname = '{grant.Role}'"));
        Assert.True(await TeamStoreServer.ScalarAsync<bool>(_server.Admin(database), $"SELECT pg_has_role('{alice}', 'kumatip_user', 'MEMBER')"));
    }

    [PostgresFact]
    public async Task The_ready_script_for_administrators_sets_up_the_same_boundary_and_can_run_twice()
    {
        var database = await _server.CreateDatabaseAsync();
        await _service.InitializeAsync(Admin(database), null, default);
        var script = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "docs", "team-store-roles.sql"));
        Assert.Contains(SchemaMigrator.LockKey.ToString(System.Globalization.CultureInfo.InvariantCulture), script); // the migrations' lock
        // Roles belong to the whole (shared) cluster: the script's names get this test's suffix.
        var suffix = "_" + Guid.NewGuid().ToString("N").Substring(0, 6);
        script = System.Text.RegularExpressions.Regex.Replace(script, @"\b(soc_main|soc_lab|soc_all|alice|carol|runbook_host)\b", "$1" + suffix);
        string alice = "alice" + suffix, carol = "carol" + suffix, runbooks = "runbook_host" + suffix;

        await TeamStoreServer.ExecuteAsync(_server.Admin(database), script);
        await TeamStoreServer.ExecuteAsync(_server.Admin(database), script);
        await TeamStoreServer.ExecuteAsync(_server.Admin(), $"ALTER ROLE {alice} PASSWORD 'analyst-pw'; ALTER ROLE {carol} PASSWORD 'analyst-pw'");
        foreach (var (key, indicator) in new[] { ("MAIN", "main.example"), ("BRANCH", "branch.example"), ("LAB", "lab.example") })
        {
            await TeamStoreServer.ExecuteAsync(_server.Admin(database), string.Format(LedgerInsert, key, key, indicator));
        }

        Assert.Equal(4L, await TeamStoreServer.ScalarAsync<long>(_server.Admin(database), "SELECT count(*) FROM kumatip.tenant_grants"));
        Assert.Equal(new[] { "branch.example", "main.example" }, await Indicators(As(database, alice)));
        Assert.Equal(new[] { "lab.example" }, await Indicators(As(database, carol)));
        Assert.Equal(new[] { "branch.example", "lab.example", "main.example" }, await Indicators(_server.Admin(database), "SET ROLE " + runbooks));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory != null && !File.Exists(Path.Combine(directory.FullName, "KumaTip.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("KumaTip.sln not found above " + AppContext.BaseDirectory);
    }

    [PostgresFact]
    public async Task A_member_that_does_not_exist_is_named_and_nothing_is_granted()
    {
        var database = await _server.CreateDatabaseAsync();
        var grant = TenantRoleGrant.Create("soc_x_" + Guid.NewGuid().ToString("N").Substring(0, 6), new[] { "Main" }, false, new[] { "nobody_here" });

        var ex = await Assert.ThrowsAsync<TipStoreException>(() => _service.InitializeAsync(Admin(database), grant, default));

        Assert.Equal(TipStoreProblem.InvalidArgument, ex.Problem);
        Assert.Contains("'nobody_here'", ex.Message);
        Assert.Equal(0L, await TeamStoreServer.ScalarAsync<long>(_server.Admin(database), "SELECT count(*) FROM kumatip.tenant_grants"));
    }

    private static async Task<string[]> Indicators(string connectionString, string? first = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        if (first != null)
        {
            await using var set = new NpgsqlCommand(first, connection);
            await set.ExecuteNonQueryAsync();
        }
        await using var command = new NpgsqlCommand("SELECT indicator FROM kumatip.ledger ORDER BY indicator", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<string>();
        while (await reader.ReadAsync()) list.Add(reader.GetString(0));
        return list.ToArray();
    }

    private static async Task<int> Execute(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }
}
