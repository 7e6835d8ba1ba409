using KumaTip.Core.Api;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;
using KumaTip.Core.Stores.Postgres;
using KumaTip.Core.Tests.Lookups;
using KumaTip.Postgres.Testing;

namespace KumaTip.Core.Tests.Postgres;

/// <summary>
/// Issue 15: lookups on the team store (a real PostgreSQL) as several users would run them — each "user" here is a
/// lookup service on its own store connection as its own login role, like another process on another host.
/// </summary>
[Collection(PostgresClusterFixture.Collection)]
public sealed class TeamStoreLookupTests : IDisposable
{
    private readonly PostgresClusterFixture _fixture;
    private readonly List<IDisposable> _open = new();
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];

    public TeamStoreLookupTests(PostgresClusterFixture fixture) => _fixture = fixture;

    public void Dispose()
    {
        foreach (var d in Enumerable.Reverse(_open)) d.Dispose();
    }

    private static IEnumerable<LookupRequest> Rows(params string[] values) => values.Select(v => new LookupRequest(v, v));

    private static MemoryLedger KnownQuota() => new() { License = new TipLicenseInfo { DayQuota = 1_000_000, DayRequests = 0, AccessType = "Commercial" } };

    /// <summary>A user of the team store: its own login role, granted the Main tenant, on its own connection.</summary>
    private (LookupService Service, PostgresLookupStore Store) User(TeamStoreDatabase database, string name, FakeTipClient portal)
    {
        var connectionString = database.LoginFor(name + "_" + _suffix, "pw-" + name + "-" + _suffix, "MAIN");
        var store = new PostgresLookupStore(connectionString);
        _open.Add(store);
        return (new LookupService(store, _ => portal, new Uri("https://tip.example/"), KnownQuota(), TimeProvider.System), store);
    }

    /// <summary>
    /// <paramref name="count"/> processes of the team, each with its own data directory and login role, booking into the
    /// team's ledger; the licence as the team last saw it: the portal's quota with <see cref="FakeTipClient.UsedBefore"/> used.
    /// </summary>
    private List<LookupService> QuotaUsers(TeamStoreDatabase database, FakeTipClient portal, int count)
    {
        var services = new List<LookupService>();
        for (var p = 0; p < count; p++)
        {
            var connectionString = database.LoginFor("q" + p + "_" + _suffix, "pw-q" + p, "MAIN");
            var home = new TempDirectory();
            _open.Add(home);
            var workspace = new TipWorkspace(home.Path, TimeProvider.System, StorageAccess.Write, null, _ => new PostgresLookupStore(connectionString));
            _open.Add(workspace);
            services.Add(new LookupService(workspace.Store, _ => portal, new Uri("https://tip.example/"), new WorkspaceLedger(workspace), TimeProvider.System));
        }
        using var admin = database.OpenAdmin();
        admin.Licenses.Save("Main", new TipLicenseInfo { DayQuota = portal.DayQuota, DayRequests = portal.UsedBefore, AccessType = "Commercial" }, DateTimeOffset.UtcNow.AddSeconds(-1));
        return services;
    }

    private static async Task<(List<LookupOutput> Outputs, LookupSession Session)> Run(LookupService service, LookupOptions options, params string[] values)
    {
        var outputs = new List<LookupOutput>();
        var session = await service.RunAsync(Rows(values), options, outputs.Add).WaitAsync(TimeSpan.FromMinutes(1));
        return (outputs, session);
    }

    [PostgresFact]
    public async Task A_lookup_by_one_user_is_a_cache_hit_for_the_next_with_its_body()
    {
        var database = TeamStoreDatabase.Create(_fixture);
        var portal = new FakeTipClient();
        var (alice, _) = User(database, "alice", portal);
        var (bob, _) = User(database, "bob", portal);

        var (first, _) = await Run(alice, new LookupOptions(), "a.com", "b.com", "a.com");
        var (second, session) = await Run(bob, new LookupOptions(), "A.com", "b.com");

        Assert.Equal(2, portal.Requests.Count);
        Assert.All(first, o => Assert.Equal(LookupOutcome.Result, o.Outcome));
        Assert.All(second, o => Assert.True(o.Result!.FromCache));
        Assert.Null(session.Task);
        Assert.Equal(first[0].Result!.Raw, second[0].Result!.Raw);
        Assert.False(string.IsNullOrEmpty(second[0].Result!.Raw));
    }

    [PostgresFact]
    public async Task Every_task_of_the_tenant_is_listed_for_every_user_with_who_created_it_and_where()
    {
        var database = TeamStoreDatabase.Create(_fixture);
        var portal = new FakeTipClient();
        var (alice, _) = User(database, "alice", portal);
        var (bob, _) = User(database, "bob", portal);

        var (_, session) = await Run(alice, new LookupOptions { CreatedBy = "alice" }, "c.com", "d.com");

        var seen = Assert.Single(bob.GetTasks());
        Assert.Equal(session.Task!.Id, seen.Id);
        Assert.Equal("alice@" + Environment.MachineName, seen.CreatedBy);
        Assert.Equal(TipTaskStatus.Completed, seen.State);
        Assert.Equal(2, seen.Done);
        var received = bob.Receive(seen.Id);
        Assert.All(received, r => Assert.NotNull(r.Result));
    }

    [PostgresFact]
    public async Task Another_user_finishes_a_task_that_stopped_at_its_spending_cap_without_buying_anything_twice()
    {
        var database = TeamStoreDatabase.Create(_fixture);
        var portal = new FakeTipClient();
        var (alice, _) = User(database, "alice", portal);
        var (bob, _) = User(database, "bob", portal);

        var (_, session) = await Run(alice, new LookupOptions { MaxRequests = 1 }, "e.com", "f.com", "g.com");
        Assert.Single(portal.Requests);
        Assert.Equal(2, session.Task!.Pending);

        var outputs = new List<LookupOutput>();
        var restarted = await bob.RestartAsync(session.Task.Id, 4, (_, o) => outputs.Add(o)).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(3, portal.Requests.Count);
        Assert.Equal(3, portal.Requests.Select(r => r.Value).Distinct().Count());
        Assert.Equal(TipTaskStatus.Completed, restarted.Task!.State);
        Assert.Equal(3, bob.GetTask(session.Task.Id)!.Done);
    }

    [PostgresFact]
    public async Task Another_user_finishes_a_task_whose_process_died_without_buying_its_done_items_again()
    {
        var database = TeamStoreDatabase.Create(_fixture);
        var portal = new FakeTipClient();
        var (alice, _) = User(database, "alice", portal);
        var (bob, _) = User(database, "bob", portal);
        var (_, session) = await Run(alice, new LookupOptions { MaxRequests = 1 }, "k1.com", "k2.com", "k3.com");
        // As if alice's process had died in the middle: the task still Running, owned by a process of this host that is gone.
        database.Cluster.Execute("UPDATE kumatip.tasks SET status = 'Running', owner_machine = '" + Environment.MachineName +
            "', owner_pid = 999999, owner_start = 1 WHERE id = " + session.Task!.Id, database.Database);
        Assert.Equal(TipTaskStatus.Abandoned, bob.GetTask(session.Task.Id)!.State);

        var restarted = await bob.RestartAsync(session.Task.Id, 4, null).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(3, portal.Requests.Count);
        Assert.Equal(3, portal.Requests.Select(r => r.Value).Distinct().Count());
        Assert.Equal(TipTaskStatus.Completed, restarted.Task!.State);
    }

    [PostgresFact]
    public async Task Two_processes_on_the_team_store_send_exactly_what_the_quota_leaves_together()
    {
        var database = TeamStoreDatabase.Create(_fixture);
        var portal = new FakeTipClient { DayQuota = 40, UsedBefore = 3, Gate = _ => Task.Delay(5) };
        var services = QuotaUsers(database, portal, 2);

        var sessions = await Task.WhenAll(
            Task.Run(() => services[0].RunAsync(Enumerable.Range(0, 200).Select(i => new LookupRequest("a" + i + ".com", null)), new LookupOptions { ThrottleLimit = 16 }, _ => { })),
            Task.Run(() => services[1].RunAsync(Enumerable.Range(0, 200).Select(i => new LookupRequest("b" + i + ".com", null)), new LookupOptions { ThrottleLimit = 16 }, _ => { })))
            .WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(37, portal.Requests.Count);
        Assert.Equal(0, portal.Refused);
        Assert.Equal(37, sessions.Sum(s => s.Task!.Done));
        using var check = database.OpenAdmin();
        Assert.Equal(37, check.Ledger.CountToday("Main"));
        var license = new KumaTip.Core.Connection.LicenseReporter(check.Licenses, check.Ledger).Get("Main");
        Assert.Equal(Environment.UserName + "@" + Environment.MachineName + " 37", license.RequestsTodayByUser);
        Assert.Equal(0, license.Remaining);
    }

    [PostgresFact]
    public async Task Eight_processes_feeding_batch_after_batch_never_send_past_the_quota()
    {
        var database = TeamStoreDatabase.Create(_fixture);
        var portal = new FakeTipClient { DayQuota = 60, UsedBefore = 3, Gate = _ => Task.Delay(Random.Shared.Next(0, 15)) };
        var services = QuotaUsers(database, portal, 8);

        await Task.WhenAll(services.Select((service, p) => Task.Run(async () =>
        {
            for (var batch = 0; batch < 6; batch++)
            {
                var rows = Enumerable.Range(0, 6).Select(i => new LookupRequest("p" + p + "b" + batch + "i" + i + ".com", null));
                await service.RunAsync(rows, new LookupOptions { ThrottleLimit = 4 }, _ => { });
            }
        }))).WaitAsync(TimeSpan.FromMinutes(3));

        Assert.Equal(0, portal.Refused);
        Assert.Equal(57, portal.Requests.Count);
    }

    [PostgresFact]
    public async Task The_same_indicators_asked_for_by_two_processes_at_the_same_moment_are_bought_once()
    {
        var database = TeamStoreDatabase.Create(_fixture);
        // Slow answers: both batches reach every indicator while the other's request is on the wire.
        var portal = new FakeTipClient { Gate = _ => Task.Delay(150) };
        var (alice, _) = User(database, "alice", portal);
        var (bob, _) = User(database, "bob", portal);
        var shared = Enumerable.Range(0, 20).Select(i => "shared" + i + ".com").ToArray();

        var runs = await Task.WhenAll(
            Task.Run(() => Run(alice, new LookupOptions { ThrottleLimit = 8 }, shared.Concat(new[] { "alice-only.com" }).ToArray())),
            Task.Run(() => Run(bob, new LookupOptions { ThrottleLimit = 8 }, shared.Reverse().Concat(new[] { "bob-only.com" }).ToArray())));

        Assert.Equal(22, portal.Requests.Count);
        Assert.Equal(22, portal.Requests.Select(r => r.Value).Distinct().Count());
        Assert.All(runs.SelectMany(r => r.Outputs), o => Assert.Equal(LookupOutcome.Result, o.Outcome));
        Assert.All(runs, r => Assert.Equal(TipTaskStatus.Completed, r.Session.Task!.State));
        using var admin = database.OpenAdmin();
        Assert.Equal(0, admin.Use(c => (long)new Npgsql.NpgsqlCommand("SELECT count(*) FROM kumatip.claims", c).ExecuteScalar()!));
    }

    [PostgresFact]
    public async Task A_claim_left_by_a_process_that_died_does_not_block_the_indicator()
    {
        var database = TeamStoreDatabase.Create(_fixture);
        var portal = new FakeTipClient();
        var (alice, _) = User(database, "alice", portal);
        // A claim of a process of this machine that no longer runs.
        database.Cluster.Execute("INSERT INTO kumatip.claims (cache_key, tenant_key, machine, process_id, process_start, expires) VALUES ('MAIN|Domain:dead.com', 'MAIN', '"
            + Environment.MachineName + "', 999999, 1, now() + interval '1 hour')", database.Database);

        var (outputs, _) = await Run(alice, new LookupOptions(), "dead.com");

        Assert.Equal(LookupOutcome.Result, Assert.Single(outputs).Outcome);
        Assert.Single(portal.Requests);
    }

    [PostgresFact]
    public async Task A_server_restart_in_the_middle_of_a_lookup_loses_no_paid_answer_and_the_run_says_so()
    {
        var database = TeamStoreDatabase.Create(_fixture);
        var cluster = database.Cluster;
        Task? back = null;
        var sent = 0;
        // The 10th request stops the server; it comes back 1.5 s later, while answers keep arriving.
        var portal = new FakeTipClient
        {
            Gate = async _ =>
            {
                if (Interlocked.Increment(ref sent) == 10)
                {
                    cluster.Stop();
                    back = Task.Run(async () =>
                    {
                        await Task.Delay(1500);
                        cluster.Start();
                    });
                }
                await Task.Delay(30);
            },
        };
        var (alice, store) = User(database, "alice", portal);
        var values = Enumerable.Range(0, 40).Select(i => "restart" + i + ".com").ToArray();

        var (outputs, session) = await Run(alice, new LookupOptions { ThrottleLimit = 4 }, values);
        await back!;

        Assert.Equal(40, portal.Requests.Count);
        Assert.All(outputs, o => Assert.Equal(LookupOutcome.Result, o.Outcome));
        Assert.Equal(TipTaskStatus.Completed, session.Task!.State);
        Assert.True(store.Recoveries > 0);
        Assert.Contains("reconnected", session.StoreRecoveredMessage);
        using var admin = database.OpenAdmin();
        Assert.Equal(40, admin.Cache.Query("Main").Count());
        Assert.Equal(40, admin.Tasks.Get(session.Task.Id)!.Done);
    }

    [PostgresFact]
    public async Task A_server_that_stays_down_leaves_the_paid_answers_with_the_user_and_the_rest_pending_with_a_warning()
    {
        var database = TeamStoreDatabase.Create(_fixture);
        var cluster = database.Cluster;
        var sent = 0;
        var portal = new FakeTipClient
        {
            Gate = async _ =>
            {
                if (Interlocked.Increment(ref sent) == 5) cluster.Stop();
                await Task.Delay(20);
            },
        };
        var connectionString = database.LoginFor("dave_" + _suffix, "pw-dave", "MAIN");
        var store = new PostgresLookupStore(connectionString, null, new[] { TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200) });
        _open.Add(store);
        var service = new LookupService(store, _ => portal, new Uri("https://tip.example/"), KnownQuota(), TimeProvider.System);
        try
        {
            var (outputs, session) = await Run(service, new LookupOptions { ThrottleLimit = 2 }, Enumerable.Range(0, 30).Select(i => "down" + i + ".com").ToArray());

            // Every answer bought is handed out (paid for, so never dropped); buying stopped once the store failed.
            var bought = portal.Requests.Select(r => r.Value).ToHashSet();
            Assert.All(outputs.Where(o => bought.Contains(o.Indicator!.Value)), o => Assert.Equal(LookupOutcome.Result, o.Outcome));
            Assert.True(portal.Requests.Count < 30);
            Assert.NotNull(session.UnstoredMessage ?? session.StopMessage);
            Assert.Contains("team store", (session.UnstoredMessage ?? "") + (session.StopMessage ?? ""));
        }
        finally
        {
            cluster.Start();
        }
        using var admin = database.OpenAdmin();
        var task = Assert.Single(admin.Tasks.List());
        Assert.True(task.Pending > 0, "what was not stored stays pending for Restart-TipTask");
    }

    [PostgresFact]
    public void A_task_running_on_another_host_counts_as_abandoned_only_once_its_heartbeat_is_stale()
    {
        var database = TeamStoreDatabase.Create(_fixture);
        using var store = database.OpenAdmin();
        var fresh = store.Tasks.Create(new LookupOptions());
        var stale = store.Tasks.Create(new LookupOptions());
        database.Cluster.Execute("UPDATE kumatip.tasks SET owner_machine = 'soc-host-elsewhere', owner_pid = 4242, heartbeat = now() - interval '1 minute' WHERE id = " + fresh.Id, database.Database);
        database.Cluster.Execute("UPDATE kumatip.tasks SET owner_machine = 'soc-host-elsewhere', owner_pid = 4242, heartbeat = now() - interval '"
            + (TaskStore.StaleAfter.TotalMinutes + 1) + " minutes' WHERE id = " + stale.Id, database.Database);

        Assert.Equal(TipTaskStatus.Running, store.Tasks.Get(fresh.Id)!.State);
        Assert.Equal(TipTaskStatus.Abandoned, store.Tasks.Get(stale.Id)!.State);
        Assert.Null(store.Tasks.TryClaim(fresh.Id, out var refusal));
        Assert.Contains("soc-host-elsewhere", refusal);
        Assert.Contains(TaskStore.StaleAfter.TotalMinutes + " minutes", refusal);
        Assert.NotNull(store.Tasks.TryClaim(stale.Id, out _));
    }

    [PostgresFact]
    public void A_database_without_the_schema_is_refused_with_advice_to_initialise_it()
    {
        var database = TeamStoreDatabase.Create(_fixture, withSchema: false);
        using var store = database.OpenAdmin();

        var error = Assert.Throws<TipStorageException>(() => store.Tasks.List());

        Assert.Equal(TipStorageProblem.SchemaMismatch, error.Problem);
        Assert.Contains("Initialize-TipStore", error.Message);
        Assert.Contains(database.Database, error.Message);
    }

    [PostgresFact]
    public void A_newer_schema_is_refused_naming_the_version_to_install()
    {
        var database = TeamStoreDatabase.Create(_fixture);
        database.Cluster.Execute("INSERT INTO kumatip.schema_migrations (version, module_version) VALUES (" + (PostgresLookupStore.SchemaVersion + 1) + ", '9.9.9')", database.Database);
        using var store = database.OpenAdmin();

        var error = Assert.Throws<TipStorageException>(() => store.Tasks.List());

        Assert.Equal(TipStorageProblem.SchemaMismatch, error.Problem);
        Assert.Contains("newer", error.Message);
    }

    [PostgresFact]
    public void A_wrong_password_gets_one_error_naming_the_server_and_never_the_password()
    {
        var database = TeamStoreDatabase.Create(_fixture);
        database.LoginFor("carol_" + _suffix, "right-" + _suffix, "MAIN");
        var wrong = "Wr0ng-Secret-" + _suffix;
        using var store = new PostgresLookupStore(database.Cluster.ConnectionString(database.Database, "carol_" + _suffix, wrong));

        var error = Assert.Throws<TipStorageException>(() => store.Tasks.List());

        Assert.Equal(TipStorageProblem.AccessDenied, error.Problem);
        Assert.Contains(database.Cluster.Host + ":" + database.Cluster.Port, error.Message);
        Assert.DoesNotContain(wrong, error.ToString());
        Assert.DoesNotContain(wrong, store.Location);
    }

    [PostgresFact]
    public async Task A_dropped_tenant_role_with_grants_left_behind_breaks_no_one_elses_queries()
    {
        var database = TeamStoreDatabase.Create(_fixture);
        var portal = new FakeTipClient();
        var (alice, store) = User(database, "alice", portal);
        await Run(alice, new LookupOptions(), "dropped.com");
        // An administrator drops a role that still has grants (here for every tenant).
        database.Cluster.Execute("CREATE ROLE gone_" + _suffix + " NOLOGIN; INSERT INTO kumatip.tenant_grants VALUES ('gone_" + _suffix + "', '*'); DROP ROLE gone_" + _suffix, database.Database);

        Assert.Single(store.Cache.Query("Main"));
        Assert.Single(store.Tasks.List());
    }

    [PostgresFact]
    public void A_missing_database_gets_one_error_naming_it_and_the_server()
    {
        var cluster = _fixture.Cluster;
        using var store = new PostgresLookupStore(cluster.ConnectionString("no_such_db_" + _suffix, cluster.AdminUser, cluster.AdminPassword));

        var error = Assert.Throws<TipStorageException>(() => store.Tasks.List());

        Assert.Equal(TipStorageProblem.AccessDenied, error.Problem);
        Assert.Contains("'no_such_db_" + _suffix + "' does not exist on " + cluster.Host + ":" + cluster.Port, error.Message);
        Assert.DoesNotContain(cluster.AdminPassword, error.ToString());
    }

    [PostgresFact]
    public void An_unreachable_host_is_retried_then_reported_once_naming_the_server()
    {
        var port = KumaTip.Core.Tests.Stores.TeamStoreServer.UnusedPort();
        using var store = new PostgresLookupStore("Host=127.0.0.1;Port=" + port + ";Database=kumatip;Username=alice;Password=Secr3t-" + _suffix, null,
            new[] { TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50) });

        var error = Assert.Throws<TipStorageException>(() => store.Tasks.List());

        Assert.Equal(TipStorageProblem.Unreachable, error.Problem);
        Assert.Contains("127.0.0.1:" + port, error.Message);
        Assert.Contains("cannot be reached", error.Message);
        Assert.DoesNotContain("Secr3t-" + _suffix, error.ToString());
    }

    [PostgresFact]
    public void A_role_without_the_tenant_granted_sees_none_of_its_answers_and_is_told_how_to_get_the_grant()
    {
        var database = TeamStoreDatabase.Create(_fixture);
        var portal = new FakeTipClient();
        var (alice, _) = User(database, "alice", portal);
        Run(alice, new LookupOptions(), "h.com").GetAwaiter().GetResult();
        var outsider = new PostgresLookupStore(database.LoginFor("mallory_" + _suffix, "pw-m", "OTHER"));
        _open.Add(outsider);

        Assert.Empty(outsider.Cache.Query("Main"));
        Assert.Empty(outsider.Tasks.List());
        var error = Assert.Throws<TipStorageException>(() => outsider.InTransaction(() =>
        {
            outsider.Cache.Put(new TipLookupResult { Tenant = "Main", Indicator = "x.com", Kind = KumaTip.Core.Indicators.TipIndicatorType.Domain, Raw = "{}", ReceivedAt = DateTimeOffset.UtcNow });
            return 0;
        }));
        Assert.Equal(TipStorageProblem.AccessDenied, error.Problem);
        Assert.Contains("Initialize-TipStore -TenantRole", error.Message);
    }
}
