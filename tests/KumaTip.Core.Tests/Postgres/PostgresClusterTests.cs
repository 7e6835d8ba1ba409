using KumaTip.Postgres.Testing;
using Npgsql;

namespace KumaTip.Core.Tests.Postgres;

/// <summary>The shared throwaway cluster the team-store tests stand on: a database per test, login roles.</summary>
[Collection(PostgresClusterFixture.Collection)]
public sealed class SharedPostgresClusterTests
{
    private readonly PostgresClusterFixture _fixture;

    public SharedPostgresClusterTests(PostgresClusterFixture fixture) => _fixture = fixture;

    [PostgresFact]
    public async Task A_created_database_can_be_written_and_queried()
    {
        var connectionString = _fixture.CreateDatabase("created");

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE item (id int PRIMARY KEY, value text); INSERT INTO item VALUES (1, 'one')", connection))
        {
            await create.ExecuteNonQueryAsync();
        }
        await using var query = new NpgsqlCommand("SELECT value, current_database() FROM item WHERE id = 1", connection);
        await using var reader = await query.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("one", reader.GetString(0));
        Assert.Equal(new NpgsqlConnectionStringBuilder(connectionString).Database, reader.GetString(1));
    }

    [PostgresFact]
    public async Task A_login_role_connects_with_its_password_and_holds_its_memberships()
    {
        var cluster = _fixture.Cluster;
        var suffix = Guid.NewGuid().ToString("N")[..10];
        cluster.Execute($"CREATE ROLE team_{suffix} NOLOGIN");
        cluster.CreateLoginRole($"alice_{suffix}", "pw-'quoted'-" + suffix, $"team_{suffix}");

        await using var connection = new NpgsqlConnection(cluster.ConnectionString("postgres", $"alice_{suffix}", "pw-'quoted'-" + suffix));
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand($"SELECT current_user, pg_has_role('team_{suffix}', 'MEMBER')", connection);
        await using var reader = await query.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal($"alice_{suffix}", reader.GetString(0));
        Assert.True(reader.GetBoolean(1));
    }

    [PostgresFact]
    public async Task A_wrong_password_is_refused_over_tcp()
    {
        var cluster = _fixture.Cluster;
        await using var connection = new NpgsqlConnection(cluster.ConnectionString("postgres", cluster.AdminUser, "not-the-password"));
        var error = await Assert.ThrowsAsync<PostgresException>(() => connection.OpenAsync());
        Assert.Equal("28P01", error.SqlState); // invalid_password
    }
}

/// <summary>Clusters of their own: lifecycle that would disturb the shared one.</summary>
public sealed class PostgresClusterLifecycleTests
{
    [PostgresFact]
    public void Data_survives_a_stop_and_start_on_the_same_port()
    {
        using var cluster = PostgresCluster.StartNew();
        var connectionString = cluster.CreateDatabase("kept");
        cluster.Execute("CREATE TABLE note (text text); INSERT INTO note VALUES ('before the stop')", "kept");
        var port = cluster.Port;

        cluster.Stop();
        Assert.False(cluster.IsRunning);
        using (var refused = new NpgsqlConnection(connectionString))
        {
            Assert.ThrowsAny<NpgsqlException>(() => refused.Open());
        }
        cluster.Start();

        Assert.Equal(port, cluster.Port);
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var query = new NpgsqlCommand("SELECT text FROM note", connection);
        Assert.Equal("before the stop", query.ExecuteScalar());
    }

    [PostgresFact]
    public void Dispose_stops_the_server_and_removes_its_folder()
    {
        var cluster = PostgresCluster.StartNew();
        var folder = cluster.Folder;
        var connectionString = cluster.AdminConnectionString();
        Assert.True(Directory.Exists(Path.Combine(folder, "data")));

        cluster.Dispose();

        Assert.False(Directory.Exists(folder));
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 3 }.ConnectionString);
        Assert.ThrowsAny<NpgsqlException>(() => connection.Open());
        cluster.Dispose(); // a second time does nothing
    }
}

/// <summary>The skip-or-fail rule and the search for binaries, over given inputs (nothing is uninstalled).</summary>
public sealed class PostgresAvailabilityTests
{
    [Theory]
    [InlineData(true, null, PostgresVerdict.Run)]
    [InlineData(true, "true", PostgresVerdict.Run)]
    [InlineData(false, null, PostgresVerdict.Skip)]
    [InlineData(false, "", PostgresVerdict.Skip)]
    [InlineData(false, "false", PostgresVerdict.Skip)]
    [InlineData(false, "true", PostgresVerdict.Fail)]
    [InlineData(false, "TRUE", PostgresVerdict.Fail)]
    public void Missing_binaries_skip_except_under_CI_where_they_fail(bool binariesFound, string? ci, PostgresVerdict expected)
        => Assert.Equal(expected, PostgresAvailability.Decide(binariesFound, ci));

    [Fact]
    public void The_skip_and_the_failure_say_how_to_install_the_binaries()
    {
        Assert.Null(PostgresAvailability.MessageFor(PostgresVerdict.Run));
        foreach (var verdict in new[] { PostgresVerdict.Skip, PostgresVerdict.Fail })
        {
            var message = PostgresAvailability.MessageFor(verdict)!;
            Assert.Contains("apt-get install postgresql", message);
            Assert.Contains(PostgresBinaries.BinVariable, message);
        }
        Assert.StartsWith("CI=true", PostgresAvailability.MessageFor(PostgresVerdict.Fail));
    }

    [Fact]
    public void The_newest_debian_version_wins_over_older_ones_and_over_PATH()
    {
        using var temp = new TempDirectory();
        var debian = temp.Combine("lib-postgresql");
        var v9 = FakeBin(Path.Combine(debian, "9.6", "bin"));
        var v15 = FakeBin(Path.Combine(debian, "15", "bin"));
        FakeBin(Path.Combine(debian, "13", "bin"));
        Directory.CreateDirectory(Path.Combine(debian, "16", "bin")); // no programs: not a candidate
        var onPath = FakeBin(temp.Combine("local-bin"));

        Assert.Equal(v15, PostgresBinaries.Find(null, onPath, debian)!.BinDirectory);
        Assert.Equal(v9, PostgresBinaries.Find(v9, onPath, debian)!.BinDirectory);
        Assert.Equal(onPath, PostgresBinaries.Find(null, temp.Combine("empty") + Path.PathSeparator + onPath, temp.Combine("no-debian"))!.BinDirectory);
    }

    [Fact]
    public void Nothing_is_found_without_initdb_and_pg_ctl_or_when_the_named_folder_lacks_them()
    {
        using var temp = new TempDirectory();
        var onlyInitdb = temp.Combine("only-initdb");
        Directory.CreateDirectory(onlyInitdb);
        File.WriteAllText(Path.Combine(onlyInitdb, "initdb"), "");
        var good = FakeBin(temp.Combine("good"));

        Assert.Null(PostgresBinaries.Find(null, onlyInitdb, temp.Combine("no-debian")));
        Assert.Null(PostgresBinaries.Find(onlyInitdb, good, temp.Combine("no-debian"))); // asked for that folder: no fallback
    }

    private static string FakeBin(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "initdb"), "");
        File.WriteAllText(Path.Combine(folder, "pg_ctl"), "");
        return folder;
    }
}
