using KumaTip.Core.Api;
using KumaTip.Core.Indicators;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;
using KumaTip.Core.Stores.Copy;
using KumaTip.Core.Stores.LiteDb;
using KumaTip.Core.Stores.Postgres;
using KumaTip.Core.Tests.Lookups;
using KumaTip.Postgres.Testing;
using Npgsql;

namespace KumaTip.Core.Tests.Postgres;

/// <summary>
/// Issue 15, Copy-TipStore: a user's local data file (a real LiteDB file, filled by real lookups against a fake portal)
/// copied into a real PostgreSQL team store, once and again.
/// </summary>
[Collection(PostgresClusterFixture.Collection)]
public sealed class StoreCopyTests : IDisposable
{
    private readonly PostgresClusterFixture _fixture;
    private readonly TempDirectory _temp = new();
    private readonly TipDatabase _database;
    private readonly LiteDbLookupStore _local;
    private readonly List<IDisposable> _open = new();
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];

    public StoreCopyTests(PostgresClusterFixture fixture)
    {
        _fixture = fixture;
        _database = new TipDatabase(_temp.Path);
        _local = new LiteDbLookupStore(_database);
    }

    public void Dispose()
    {
        foreach (var d in Enumerable.Reverse(_open)) d.Dispose();
        _local.Dispose();
        _database.Dispose();
        _temp.Dispose();
    }

    private static MemoryLedger KnownQuota() => new() { License = new TipLicenseInfo { DayQuota = 1_000_000, DayRequests = 0, AccessType = "Commercial" } };

    /// <summary>Looks <paramref name="values"/> up in the local file, as the user did before joining the team; returns the task.</summary>
    private async Task<TipTask> LookUpLocally(string tenant, params string[] values)
    {
        var service = new LookupService(_local, _ => new FakeTipClient(), new Uri("https://tip.example/"), KnownQuota(), TimeProvider.System);
        var session = await service.RunAsync(values.Select(v => new LookupRequest(v, v)), new LookupOptions { Tenant = tenant, CreatedBy = "alice" }, _ => { })
            .WaitAsync(TimeSpan.FromMinutes(1));
        return session.Task!;
    }

    private static TipIndicator Domain(string value) => new(value, TipIndicatorType.Domain, value);

    private PostgresLookupStore Open(string connectionString)
    {
        var store = new PostgresLookupStore(connectionString);
        _open.Add(store);
        return store;
    }

    private static long Scalar(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar());
    }

    [PostgresFact]
    public async Task Copying_once_puts_answers_with_bodies_tasks_items_ledger_and_licence_in_the_team_store()
    {
        var task = await LookUpLocally("Main", "a.com", "b.com");
        await LookUpLocally("Lab", "c.com");
        _local.Ledger.Record("Main", Domain("a.com"), 200);
        _local.Ledger.Record("Main", Domain("b.com"), 200);
        _local.Licenses.Save("Main", new TipLicenseInfo { DayQuota = 100, DayRequests = 2, AccessType = "Commercial" }, DateTimeOffset.UtcNow);
        var database = TeamStoreDatabase.Create(_fixture);
        var team = database.OpenAdmin();
        _open.Add(team);

        var outcome = new StoreCopier(_local, team).Copy();

        Assert.Empty(outcome.Failures);
        var s = outcome.Summary;
        Assert.Equal(new[] { "Lab", "Main" }, s.Tenants.ToArray());
        Assert.Equal((3, 0, 0), (s.ResultsCopied, s.ResultsSkippedAsOlder, s.ResultsAlreadyPresent));
        Assert.Equal((2, 0, 3), (s.TasksCopied, s.TasksAlreadyCopied, s.ItemsCopied));
        Assert.Equal((2, 0, 1), (s.LedgerRowsCopied, s.LedgerRowsAlreadyCopied, s.LicensesCopied));
        var local = _local.Cache.Find("Main", Domain("a.com"))!;
        var copied = team.Cache.Find("main", Domain("a.com"))!;
        Assert.False(string.IsNullOrEmpty(copied.Raw));
        Assert.Equal(local.Raw, copied.Raw);
        Assert.Equal(local.Zone, copied.Zone);
        // PostgreSQL keeps microseconds.
        Assert.Equal(local.ReceivedAt, copied.ReceivedAt, TimeSpan.FromTicks(10));
        var teamTask = Assert.Single(team.Tasks.List(), t => t.Tenant == "Main");
        Assert.Equal((task.Total, "alice@" + Environment.MachineName), (teamTask.Total, teamTask.CreatedBy));
        Assert.Equal(new[] { "a.com", "b.com" }, team.Tasks.ItemsOf(teamTask.Id).Select(i => i.Indicator.Value).ToArray());
        Assert.Equal(2, team.Ledger.CountToday("Main"));
        Assert.Equal(100, team.Licenses.GetLast("Main")!.Info.DayQuota);
    }

    [PostgresFact]
    public async Task Copying_twice_adds_nothing_the_second_time()
    {
        await LookUpLocally("Main", "a.com", "b.com");
        _local.Ledger.Record("Main", Domain("a.com"), 200);
        var database = TeamStoreDatabase.Create(_fixture);
        var team = database.OpenAdmin();
        _open.Add(team);
        new StoreCopier(_local, team).Copy();
        var counts = "SELECT (SELECT count(*) FROM kumatip.results) * 1000000 + (SELECT count(*) FROM kumatip.tasks) * 10000 + (SELECT count(*) FROM kumatip.task_items) * 100 + (SELECT count(*) FROM kumatip.ledger)";
        var before = Scalar(database.AdminConnectionString, counts);

        var again = new StoreCopier(_local, team).Copy().Summary;

        Assert.Equal(before, Scalar(database.AdminConnectionString, counts));
        Assert.Equal((0, 0, 2), (again.ResultsCopied, again.ResultsSkippedAsOlder, again.ResultsAlreadyPresent));
        Assert.Equal((0, 1, 0), (again.TasksCopied, again.TasksAlreadyCopied, again.ItemsCopied));
        Assert.Equal((0, 1, 0), (again.LedgerRowsCopied, again.LedgerRowsAlreadyCopied, again.LicensesCopied));
    }

    [PostgresFact]
    public async Task A_newer_team_answer_is_kept_and_an_older_one_is_replaced()
    {
        await LookUpLocally("Main", "a.com", "b.com");
        var database = TeamStoreDatabase.Create(_fixture);
        var team = database.OpenAdmin();
        _open.Add(team);
        var localA = _local.Cache.Find("Main", Domain("a.com"))!;
        var localB = _local.Cache.Find("Main", Domain("b.com"))!;
        team.Cache.Put(Answer(localA, localA.ReceivedAt.AddHours(1), "{\"newer\":\"team\"}"));
        team.Cache.Put(Answer(localB, localB.ReceivedAt.AddHours(-1), "{\"older\":\"team\"}"));

        var summary = new StoreCopier(_local, team).Copy().Summary;

        Assert.Equal((1, 1, 0), (summary.ResultsCopied, summary.ResultsSkippedAsOlder, summary.ResultsAlreadyPresent));
        Assert.Equal("{\"newer\":\"team\"}", team.Cache.Find("Main", Domain("a.com"))!.Raw);
        Assert.Equal(localB.Raw, team.Cache.Find("Main", Domain("b.com"))!.Raw);
    }

    private static TipLookupResult Answer(TipLookupResult like, DateTimeOffset receivedAt, string raw) => new()
    {
        Tenant = like.Tenant,
        Service = like.Service,
        Indicator = like.Indicator,
        Kind = like.Kind,
        Found = true,
        Zone = "Red",
        Status = "Known",
        ReceivedAt = receivedAt,
        TaskId = 0,
        Raw = raw,
    };

    [PostgresFact]
    public async Task The_copied_answers_point_at_the_copied_task()
    {
        // The team store has tasks of its own already, so the copy's ids differ from the local ones.
        var database = TeamStoreDatabase.Create(_fixture);
        var team = database.OpenAdmin();
        _open.Add(team);
        foreach (var _ in Enumerable.Range(0, 5)) team.Tasks.Create(new LookupOptions { Tenant = "Main", CreatedBy = "bob" });
        var local = await LookUpLocally("Main", "a.com");

        new StoreCopier(_local, team).Copy();

        var copiedTask = team.Tasks.List().Single(t => t.CreatedBy.StartsWith("alice@", StringComparison.Ordinal));
        Assert.NotEqual(local.Id, copiedTask.Id);
        Assert.Equal(copiedTask.Id, team.Cache.Find("Main", Domain("a.com"))!.TaskId);
    }

    [PostgresFact]
    public async Task Todays_ledger_counts_the_local_spend_once_after_two_copies()
    {
        var database = TeamStoreDatabase.Create(_fixture);
        var team = database.OpenAdmin();
        _open.Add(team);
        // The team spent 3 today before the analyst joined; the analyst spent 2 today and 1 yesterday, locally.
        foreach (var value in new[] { "t1.com", "t2.com", "t3.com" }) team.Ledger.Record("Main", Domain(value), 200);
        _local.Ledger.Record("Main", Domain("l1.com"), 200);
        _local.Ledger.Record("Main", Domain("l2.com"), 200);
        _local.Ledger.Record("Main", Domain("l0.com"), 200, DateTimeOffset.UtcNow.AddDays(-1));

        var first = new StoreCopier(_local, team).Copy().Summary;
        var second = new StoreCopier(_local, team).Copy().Summary;

        Assert.Equal((3, 0), (first.LedgerRowsCopied, first.LedgerRowsAlreadyCopied));
        Assert.Equal((0, 3), (second.LedgerRowsCopied, second.LedgerRowsAlreadyCopied));
        Assert.Equal(5, team.Ledger.CountToday("Main"));
        Assert.Equal(6, team.Ledger.CountTotal("Main"));
    }

    [PostgresFact]
    public async Task A_tenant_the_role_may_not_write_is_one_error_naming_it_and_the_others_are_copied()
    {
        await LookUpLocally("Main", "a.com");
        await LookUpLocally("Lab", "c.com");
        _local.Ledger.Record("Lab", Domain("c.com"), 200);
        var database = TeamStoreDatabase.Create(_fixture);
        var role = "carol_" + _suffix;
        var carol = Open(database.LoginFor(role, "pw-carol-" + _suffix, "MAIN"));

        var outcome = new StoreCopier(_local, carol).Copy();

        var failure = Assert.Single(outcome.Failures);
        Assert.Equal("Lab", failure.Tenant);
        Assert.Contains("Tenant 'Lab' was not copied", failure.Message);
        Assert.Contains("Initialize-TipStore -TenantRole <role> -Tenant Lab -Member " + role, failure.Message);
        Assert.DoesNotContain("pw-carol", failure.Message);
        Assert.Equal(new[] { "Main" }, outcome.Summary.Tenants.ToArray());
        Assert.Equal(new[] { "Lab" }, outcome.Summary.FailedTenants.ToArray());
        Assert.Equal(1, outcome.Summary.ResultsCopied);
        Assert.NotNull(carol.Cache.Find("Main", Domain("a.com")));
        Assert.Equal(0L, Scalar(database.AdminConnectionString, "SELECT count(*) FROM kumatip.results WHERE tenant_key = 'LAB'"));
        Assert.Equal(0L, Scalar(database.AdminConnectionString, "SELECT count(*) FROM kumatip.ledger WHERE tenant_key = 'LAB'"));
    }

    [PostgresFact]
    public async Task Progress_reports_every_part_and_the_plan_counts_what_the_file_holds()
    {
        await LookUpLocally("Main", "a.com", "b.com");
        var database = TeamStoreDatabase.Create(_fixture);
        var team = database.OpenAdmin();
        _open.Add(team);
        var copier = new StoreCopier(_local, team);
        var reports = new List<StoreCopyProgress>();

        var plan = copier.Plan();
        copier.Copy(progress: new Collect(reports));

        var main = Assert.Single(plan.Tenants);
        Assert.Equal((2, 1, 2, 0), (main.Results, main.Tasks, main.Items, main.LedgerRows));
        Assert.Contains(reports, r => r.Stage == "Results" && r.Done == 2 && r.Total == 2);
        Assert.Contains(reports, r => r.Stage == "Tasks" && r.Done == 1 && r.Total == 1);
    }

    [PostgresFact]
    public void A_cache_larger_than_a_batch_is_copied_page_by_page_without_losing_or_repeating_a_row()
    {
        var count = StoreCopier.ResultBatchSize * 2 + 37;
        var receivedAt = DateTimeOffset.UtcNow.AddMinutes(-5);
        _database.InTransaction(() =>
        {
            for (var i = 0; i < count; i++)
            {
                _local.Cache.Put(new TipLookupResult
                {
                    Tenant = "Main", Indicator = "page-" + i.ToString("D5") + ".example", Kind = TipIndicatorType.Domain, Found = true, Zone = "Green",
                    Status = "Known", ReceivedAt = receivedAt, Raw = "{\"n\":" + i + "}",
                });
            }
        });
        var database = TeamStoreDatabase.Create(_fixture);
        var team = database.OpenAdmin();
        _open.Add(team);

        var summary = new StoreCopier(_local, team).Copy().Summary;

        Assert.Equal(count, summary.ResultsCopied);
        Assert.Equal(count, Scalar(database.AdminConnectionString, "SELECT count(DISTINCT cache_key) FROM kumatip.results WHERE body <> ''"));
        Assert.Equal("{\"n\":" + (count - 1) + "}", team.Cache.Find("Main", Domain("page-" + (count - 1).ToString("D5") + ".example"))!.Raw);
    }

    /// <summary>Synchronous, unlike Progress&lt;T&gt; (which posts to the thread pool).</summary>
    private sealed class Collect(List<StoreCopyProgress> reports) : IProgress<StoreCopyProgress>
    {
        public void Report(StoreCopyProgress value) => reports.Add(value);
    }
}
