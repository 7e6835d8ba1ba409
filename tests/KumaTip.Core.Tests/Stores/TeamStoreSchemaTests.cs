using KumaTip.Core.Stores;
using KumaTip.Core.Stores.Postgres;
using KumaTip.Postgres.Testing;
using Npgsql;

namespace KumaTip.Core.Tests.Stores;

/// <summary>Initialize-TipStore's migrations and Get-TipStore's schema version, against a real PostgreSQL.</summary>
[Collection(PostgresClusterFixture.Collection)]
public sealed class TeamStoreSchemaTests
{
    private readonly TeamStoreServer _server;
    private readonly TipStoreService _service = new(new PostgresRetry(1, TimeSpan.FromMilliseconds(10)), SchemaMigrator.ForModule());

    /// <summary>The newest schema version this module ships, and the one after it (a newer module's).</summary>
    private static readonly int Latest = MigrationCatalog.LatestVersion;
    private static readonly int Next = Latest + 1;
    private static readonly int[] Every = Enumerable.Range(1, Latest).ToArray();

    public TeamStoreSchemaTests(PostgresClusterFixture cluster) => _server = new TeamStoreServer(cluster);

    private StoreChoice AdminChoice(string database)
        => StoreChoiceStore.PostgreSql(_server.ConnectionString(database, _server.AdminUser), null, _server.AdminPassword, StoreSource.Parameter);

    [PostgresFact]
    public async Task A_fresh_database_gets_every_migration_recorded_with_the_module_version()
    {
        var database = await _server.CreateDatabaseAsync();

        var result = await _service.InitializeAsync(AdminChoice(database), null, default);

        Assert.Equal(Every, result.Applied);
        Assert.Equal((TipStoreStatus.Ready, Latest, TipStoreService.ModuleVersion), (result.Store.Status, result.Store.SchemaVersion!.Value, result.Store.SchemaModuleVersion));
        Assert.Equal(TipStoreService.ModuleVersion, await TeamStoreServer.ScalarAsync<string>(_server.Admin(database), "SELECT module_version FROM kumatip.schema_migrations WHERE version = " + Latest));
        Assert.Equal(7L, await TeamStoreServer.ScalarAsync<long>(_server.Admin(database),
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'kumatip' AND c.relrowsecurity"));
    }

    [PostgresFact]
    public async Task Running_it_twice_does_nothing_the_second_time()
    {
        var database = await _server.CreateDatabaseAsync();
        await _service.InitializeAsync(AdminChoice(database), null, default);

        var again = await _service.InitializeAsync(AdminChoice(database), null, default);

        Assert.Empty(again.Applied);
        Assert.Equal((long)Latest, await TeamStoreServer.ScalarAsync<long>(_server.Admin(database), "SELECT count(*) FROM kumatip.schema_migrations"));
    }

    [PostgresFact]
    public async Task Two_hosts_at_once_apply_the_schema_once()
    {
        var database = await _server.CreateDatabaseAsync();
        var migrator = SchemaMigrator.ForModule();
        var target = PostgresConnectionString.Parse(_server.Admin(database), "test");
        await using var first = new NpgsqlConnection(_server.Admin(database));
        await using var second = new NpgsqlConnection(_server.Admin(database));
        await first.OpenAsync();
        await second.OpenAsync();
        // The first holds the lock until it commits, so the second must wait and then find every version in place.
        await using (var hold = new NpgsqlCommand("BEGIN; SELECT pg_advisory_xact_lock(" + SchemaMigrator.LockKey + ")", first))
        {
            await hold.ExecuteNonQueryAsync();
        }
        await using var third = new NpgsqlConnection(_server.Admin(database));
        await third.OpenAsync();

        var a = Task.Run(() => migrator.MigrateAsync(second, target, default));
        var b = Task.Run(() => migrator.MigrateAsync(third, target, default));
        await Task.Delay(300);
        Assert.False(a.IsCompleted || b.IsCompleted, "the migrations did not wait for the advisory lock");
        await using (var release = new NpgsqlCommand("COMMIT", first))
        {
            await release.ExecuteNonQueryAsync();
        }
        var applied = await Task.WhenAll(a, b);

        Assert.Equal(Every, applied.SelectMany(x => x).ToArray());
        Assert.Equal((long)Latest, await TeamStoreServer.ScalarAsync<long>(_server.Admin(database), "SELECT count(*) FROM kumatip.schema_migrations"));
    }

    [PostgresFact]
    public async Task A_schema_newer_than_the_module_is_refused_naming_the_version_to_install()
    {
        var database = await _server.CreateDatabaseAsync();
        await _service.InitializeAsync(AdminChoice(database), null, default);
        await TeamStoreServer.ExecuteAsync(_server.Admin(database), "INSERT INTO kumatip.schema_migrations (version, module_version) VALUES (" + Next + ", '9.9.0')");

        var ex = await Assert.ThrowsAsync<TipStoreException>(() => _service.InitializeAsync(AdminChoice(database), null, default));
        var store = await _service.GetAsync(AdminChoice(database), null, default);

        Assert.Equal(TipStoreProblem.SchemaNewer, ex.Problem);
        Assert.Contains("schema version " + Next + ", installed by KumaTip 9.9.0", ex.Message);
        Assert.Contains("Install KumaTip 9.9.0 or newer", ex.Message);
        Assert.DoesNotContain(_server.AdminPassword, ex.ToString());
        Assert.Equal((TipStoreStatus.Newer, Next), (store.Status, store.SchemaVersion!.Value));
        Assert.Contains("Install KumaTip 9.9.0", TipStoreService.Advice(store));
    }

    [PostgresFact]
    public async Task An_upgrade_applies_only_the_migrations_the_database_lacks()
    {
        var database = await _server.CreateDatabaseAsync();
        await _service.InitializeAsync(AdminChoice(database), null, default);
        var next = new SchemaMigrator(MigrationCatalog.Module.Append(new Migration(Next, Next.ToString("0000") + "_test.sql", "CREATE TABLE kumatip.upgrade_probe (id int);")).ToList(), "0.3.0");
        var service = new TipStoreService(new PostgresRetry(0, TimeSpan.Zero), next);

        Assert.Equal(TipStoreStatus.Outdated, (await service.GetAsync(AdminChoice(database), null, default)).Status);
        var result = await service.InitializeAsync(AdminChoice(database), null, default);

        Assert.Equal(new[] { Next }, result.Applied);
        Assert.Equal((TipStoreStatus.Ready, Next, "0.3.0"), (result.Store.Status, result.Store.SchemaVersion!.Value, result.Store.SchemaModuleVersion));
    }

    [PostgresFact]
    public async Task An_empty_database_reads_as_not_initialised()
    {
        var database = await _server.CreateDatabaseAsync();

        var store = await _service.GetAsync(AdminChoice(database), null, default);

        Assert.Equal(TipStoreStatus.NotInitialized, store.Status);
        Assert.Null(store.SchemaVersion);
        Assert.Equal(("kumatip", TipStoreService.ModuleSchemaVersion), (store.Schema, store.ModuleSchemaVersion));
        Assert.Contains("Initialize-TipStore", TipStoreService.Advice(store));
    }

    [PostgresFact]
    public async Task A_wrong_password_is_one_error_naming_the_server_and_user_not_the_password()
    {
        var database = await _server.CreateDatabaseAsync();
        const string wrong = "wrong-pass-7781";
        var choice = StoreChoiceStore.PostgreSql(_server.ConnectionString(database, _server.AdminUser), null, wrong, StoreSource.Saved);

        var ex = await Assert.ThrowsAsync<TipStoreException>(() => _service.GetAsync(choice, null, default));

        Assert.Equal(TipStoreProblem.AuthenticationFailed, ex.Problem);
        Assert.Contains("127.0.0.1:" + _server.Port, ex.Message);
        Assert.Contains("user '" + _server.AdminUser + "'", ex.Message);
        Assert.DoesNotContain(wrong, ex.ToString());
    }

    [PostgresFact]
    public async Task A_user_without_a_tenant_role_is_told_how_to_get_one()
    {
        var database = await _server.CreateDatabaseAsync();
        await _service.InitializeAsync(AdminChoice(database), null, default);
        var outsider = await _server.CreateLoginAsync("outsider", "outsider-pw");
        var choice = StoreChoiceStore.PostgreSql(_server.ConnectionString(database, outsider), null, "outsider-pw", StoreSource.Saved);

        var ex = await Assert.ThrowsAsync<TipStoreException>(() => _service.GetAsync(choice, null, default));

        Assert.Equal(TipStoreProblem.PermissionDenied, ex.Problem);
        Assert.Contains("-Member " + outsider, ex.Message);
        Assert.DoesNotContain("outsider-pw", ex.ToString());
    }

    [PostgresFact]
    public async Task A_missing_database_is_named_with_the_server()
    {
        var choice = StoreChoiceStore.PostgreSql(_server.ConnectionString("no_such_db", _server.AdminUser), null, _server.AdminPassword, StoreSource.Saved);

        var ex = await Assert.ThrowsAsync<TipStoreException>(() => _service.InitializeAsync(choice, null, default));

        Assert.Equal(TipStoreProblem.DatabaseMissing, ex.Problem);
        Assert.Contains("no database 'no_such_db'", ex.Message);
        Assert.Contains("127.0.0.1:" + _server.Port, ex.Message);
        Assert.DoesNotContain(_server.AdminPassword, ex.ToString());
    }

    [PostgresFact]
    public async Task An_unreachable_server_is_retried_then_named()
    {
        var port = TeamStoreServer.UnusedPort();
        var choice = StoreChoiceStore.PostgreSql($"Host=127.0.0.1;Port={port};Database=kumatip;Username=soc_analyst;Timeout=2", null, "pw-never-shown", StoreSource.Saved);
        var attempts = 0;
        var retry = new PostgresRetry(2, TimeSpan.FromMilliseconds(10));
        var counting = new TipStoreService(retry, SchemaMigrator.ForModule());

        var ex = await Assert.ThrowsAsync<TipStoreException>(() => counting.GetAsync(choice, null, default));
        await Assert.ThrowsAsync<NpgsqlException>(() => retry.ExecuteAsync<int>(async token =>
        {
            attempts++;
            await using var c = new NpgsqlConnection(choice.ConnectionString);
            await c.OpenAsync(token);
            return 0;
        }, default));

        Assert.Equal(TipStoreProblem.Unreachable, ex.Problem);
        Assert.Contains("127.0.0.1:" + port + " (database 'kumatip', user 'soc_analyst') cannot be reached", ex.Message);
        Assert.DoesNotContain("pw-never-shown", ex.ToString());
        Assert.Equal(3, attempts);
    }

    [PostgresFact]
    public async Task A_schema_mismatch_is_not_retried()
    {
        var database = await _server.CreateDatabaseAsync();
        await _service.InitializeAsync(AdminChoice(database), null, default);
        await TeamStoreServer.ExecuteAsync(_server.Admin(database), "INSERT INTO kumatip.schema_migrations (version, module_version) VALUES (" + Next + ", '9.9.0')");
        var retrying = new TipStoreService(new PostgresRetry(5, TimeSpan.FromSeconds(2)), SchemaMigrator.ForModule());

        var started = DateTime.UtcNow;
        var ex = await Assert.ThrowsAsync<TipStoreException>(() => retrying.InitializeAsync(AdminChoice(database), null, default));

        Assert.Equal(TipStoreProblem.SchemaNewer, ex.Problem);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2), "a schema mismatch was retried");
    }

    [PostgresFact]
    public async Task KUMATIP_STORE_without_a_password_takes_it_from_PGPASSWORD()
    {
        var database = await _server.CreateDatabaseAsync();
        var choice = StoreLocator.FromEnvironment(_server.ConnectionString(database, _server.AdminUser))!;
        Assert.False(choice.HasPassword);

        var store = await WithEnvironment(new() { ["PGPASSWORD"] = _server.AdminPassword, ["PGPASSFILE"] = "/nonexistent" },
            () => _service.GetAsync(choice, null, default));

        Assert.Equal((TipStoreStatus.NotInitialized, "Environment"), (store.Status, store.Source));
        Assert.False(store.PasswordSaved);
    }

    [PostgresFact]
    public async Task KUMATIP_STORE_without_a_password_takes_it_from_the_pgpass_file()
    {
        var database = await _server.CreateDatabaseAsync();
        using var temp = new TempDirectory();
        var pgpass = temp.Combine("pgpass");
        await File.WriteAllTextAsync(pgpass, $"# host:port:database:user:password\n127.0.0.1:{_server.Port}:{database}:{_server.AdminUser}:{_server.AdminPassword}\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(pgpass, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var choice = StoreLocator.FromEnvironment(_server.ConnectionString(database, _server.AdminUser))!;

        var store = await WithEnvironment(new() { ["PGPASSWORD"] = null, ["PGPASSFILE"] = pgpass },
            () => _service.GetAsync(choice, null, default));
        var other = temp.Combine("pgpass-other");
        await File.WriteAllTextAsync(other, "db.elsewhere:5432:*:*:not-for-this-server\n");
        var none = await WithEnvironment(new() { ["PGPASSWORD"] = null, ["PGPASSFILE"] = other },
            () => Assert.ThrowsAsync<TipStoreException>(() => _service.GetAsync(choice, null, default)));
        var missing = await WithEnvironment(new() { ["PGPASSWORD"] = null, ["PGPASSFILE"] = temp.Combine("missing") },
            () => Assert.ThrowsAsync<TipStoreException>(() => _service.GetAsync(choice, null, default)));

        Assert.Equal(TipStoreStatus.NotInitialized, store.Status);
        Assert.True(none.Problem == TipStoreProblem.AuthenticationFailed, none.Problem + ": " + none.Message);
        Assert.Contains("asks for a password and none was found", none.Message);
        Assert.Contains("PGPASSWORD", none.Message);
        Assert.Equal(TipStoreProblem.AuthenticationFailed, missing.Problem);
        Assert.Contains("'" + temp.Combine("missing") + "' (PGPASSFILE or Passfile=) does not exist", missing.Message);
    }

    private static async Task<T> WithEnvironment<T>(Dictionary<string, string?> values, Func<Task<T>> work)
    {
        var before = values.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var (key, value) in values) Environment.SetEnvironmentVariable(key, value);
            NpgsqlConnection.ClearAllPools();
            return await work();
        }
        finally
        {
            foreach (var (key, value) in before) Environment.SetEnvironmentVariable(key, value);
        }
    }
}
