using KumaTip.Core.Api;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Tests.Lookups;

public sealed class LookupServiceTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly TipDatabase _database;
    private readonly FakeTipClient _client = new();
    private readonly MemoryLedger _ledger = new();
    private readonly ManualTime _time = new();
    private readonly LookupService _service;

    public LookupServiceTests()
    {
        _database = new TipDatabase(_temp.Path);
        _service = new LookupService(_database, _ => _client, new Uri("https://tip.example/"), _ledger, _time);
        // The quota is known, as after Test-TipConnection, so requests go out in parallel from the first one;
        // QuotaBudgetTests covers the first request of the day, which goes alone.
        _ledger.License = NewDay;
    }

    private static TipLicenseInfo NewDay => new() { DayQuota = 1_000_000, DayRequests = 0, AccessType = "Commercial" };

    public void Dispose()
    {
        _database.Dispose();
        _temp.Dispose();
    }

    private static IEnumerable<LookupRequest> Rows(params string[] values) => values.Select(v => new LookupRequest(v, v));

    private async Task<(List<LookupOutput> Outputs, LookupSession Session)> Run(LookupOptions options, params string[] values)
    {
        var outputs = new List<LookupOutput>();
        var session = await _service.RunAsync(Rows(values), options, outputs.Add).WaitAsync(TimeSpan.FromMinutes(1));
        return (outputs, session);
    }

    private Task<(List<LookupOutput> Outputs, LookupSession Session)> Run(params string[] values) => Run(new LookupOptions(), values);

    [Fact]
    public async Task Duplicates_cost_one_request_and_every_row_gets_its_output_in_input_order()
    {
        var (outputs, session) = await Run("a.com", "B.com", "a.com", "hxxp://a[.]com/x", "b.com", "a.com");

        Assert.Equal(new[] { "a.com", "B.com", "a.com", "hxxp://a[.]com/x", "b.com", "a.com" }, outputs.Select(o => (string)o.Request.Row!));
        Assert.All(outputs, o => Assert.Equal(LookupOutcome.Result, o.Outcome));
        Assert.Equal(new[] { "a.com", "b.com", "a.com", "http://a.com/x", "b.com", "a.com" }, outputs.Select(o => o.Result!.Indicator));
        Assert.Equal(1, _client.Count("a.com"));
        Assert.Equal(1, _client.Count("b.com"));
        Assert.Equal(3, _client.Requests.Count);
        Assert.Equal(3, session.Task!.Total);
        Assert.Equal(TipTaskStatus.Completed, session.Task.State);
    }

    [Fact]
    public async Task Each_output_carries_the_indicator_its_value_was_read_as()
    {
        var (outputs, _) = await Run("hxxp://a[.]com/x", "A.com", "not an indicator", "a.com");

        Assert.Equal(new[] { "http://a.com/x", "a.com", null, "a.com" }, outputs.Select(o => o.Indicator?.Value));
        Assert.Equal(LookupOutcome.Error, outputs[2].Outcome);
    }

    [Fact]
    public async Task A_row_failed_by_a_crash_still_names_the_indicator_it_was_read_as()
    {
        // Any crash of the worker: here the clock it reads before storing items.
        var service = new LookupService(_database, _ => _client, new Uri("https://tip.example/"), _ledger, new BrokenClock());
        var outputs = new List<LookupOutput>();

        await Assert.ThrowsAnyAsync<Exception>(() => service.RunAsync(Rows("HXXP://A[.]COM/x"), new LookupOptions(), outputs.Add).WaitAsync(TimeSpan.FromMinutes(1)));

        var output = Assert.Single(outputs);
        Assert.Equal(LookupOutcome.Error, output.Outcome);
        Assert.Equal("http://a.com/x", output.Indicator?.Value);
        Assert.Contains("'http://a.com/x'", output.Reason);
    }

    private sealed class BrokenClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => throw new IOException("clock gone");
    }

    [Fact]
    public async Task Cancelling_after_the_batch_ended_leaves_it_as_it_ended()
    {
        using var cancel = new CancellationTokenSource();
        using var session = await _service.RunAsync(Rows("a.com"), new LookupOptions(), _ => { }, cancel.Token).WaitAsync(TimeSpan.FromMinutes(1));

        cancel.Cancel();

        Assert.Equal(LookupStopReason.None, session.StopReason);
        Assert.Equal(TipTaskStatus.Completed, _service.GetTask(session.Task!.Id)!.State);
    }

    [Fact]
    public async Task Cached_result_is_returned_without_a_request()
    {
        await Run("a.com", "red.com");
        var (outputs, session) = await Run("red.com", "a.com");

        Assert.Equal(2, _client.Requests.Count);
        Assert.All(outputs, o => Assert.True(o.Result!.FromCache));
        Assert.Equal("Red", outputs[0].Result!.Zone);
        Assert.Equal(new[] { "CATEGORY_PHISHING" }, outputs[0].Result!.Categories);
        Assert.Equal("Dangerous", outputs[0].Result!.Status);
        Assert.Null(session.Task);
    }

    [Fact]
    public async Task Cached_body_and_typed_sections_load_when_asked_for()
    {
        await Run("red.com");
        var (outputs, _) = await Run("red.com");

        var cached = outputs[0].Result!;
        Assert.Contains("CATEGORY_PHISHING", cached.Raw);
        Assert.Equal("red.com", ((KumaTip.Core.Api.Sections.DomainGeneralInfo)cached.GeneralInfo!).Domain);
    }

    [Fact]
    public async Task Cache_with_fewer_records_or_other_sections_or_too_old_is_requested_again()
    {
        await Run(new LookupOptions { MaxRecords = 10, Sections = new[] { "Zone", "DomainGeneralInfo" } }, "a.com");

        await Run(new LookupOptions { MaxRecords = 5, Sections = new[] { "Zone" } }, "a.com");
        Assert.Equal(1, _client.Count("a.com"));

        await Run(new LookupOptions { MaxRecords = 20, Sections = new[] { "Zone" } }, "a.com");
        Assert.Equal(2, _client.Count("a.com"));

        await Run(new LookupOptions { MaxRecords = 20, Sections = new[] { "Zone", "DomainWhoIsInfo" } }, "a.com");
        Assert.Equal(3, _client.Count("a.com"));

        _time.Now += TimeSpan.FromDays(2);
        await Run(new LookupOptions { MaxRecords = 20, Sections = new[] { "Zone" }, MaxAge = TimeSpan.FromDays(1) }, "a.com");
        Assert.Equal(4, _client.Count("a.com"));
    }

    [Fact]
    public async Task Force_requests_even_what_the_cache_holds()
    {
        await Run("a.com");
        await Run(new LookupOptions { Force = true }, "a.com", "a.com");
        Assert.Equal(2, _client.Count("a.com"));
    }

    [Fact]
    public async Task Not_found_is_a_grey_result_that_is_cached()
    {
        var (outputs, _) = await Run("missing.com");
        var result = Assert.Single(outputs).Result!;
        Assert.False(result.Found);
        Assert.Equal("Grey", result.Zone);

        await Run("missing.com");
        Assert.Equal(1, _client.Count("missing.com"));
    }

    [Fact]
    public async Task A_failed_request_is_an_error_naming_the_indicator_and_is_not_cached()
    {
        var (outputs, session) = await Run("a.com", "broken.com", "b.com", "broken.com");

        Assert.Equal(new[] { LookupOutcome.Result, LookupOutcome.Error, LookupOutcome.Result, LookupOutcome.Error }, outputs.Select(o => o.Outcome));
        Assert.Contains("'broken.com'", outputs[1].Error!.Message);
        Assert.Equal(LookupErrorCategory.ConnectionError, outputs[1].Error!.Category);
        Assert.Equal(1, _client.Count("broken.com"));
        Assert.Equal(TipTaskStatus.PartiallyCompleted, session.Task!.State);
        Assert.Equal(1, session.Task.Failed);

        await Run("broken.com");
        Assert.Equal(2, _client.Count("broken.com"));
    }

    [Fact]
    public async Task A_value_that_is_not_an_indicator_gets_an_error_in_its_place_and_costs_nothing()
    {
        var (outputs, _) = await Run("a.com", "010.1.1.1", "", "b.com");

        Assert.Equal(new[] { LookupOutcome.Result, LookupOutcome.Error, LookupOutcome.Error, LookupOutcome.Result }, outputs.Select(o => o.Outcome));
        Assert.Equal("InvalidIndicator", outputs[1].Error!.ErrorId);
        Assert.Contains("010.1.1.1", outputs[1].Error!.Message);
        Assert.Equal(2, _client.Requests.Count);
    }

    [Fact]
    public async Task The_task_item_is_stored_before_its_request()
    {
        var seen = new List<string>();
        _client.OnRequest = indicator =>
        {
            // Another handle on the same file, as a second process would see it.
            using var other = new TipDatabase(_temp.Path);
            var task = new TaskStore(other).List().Single();
            var item = new TaskStore(other).ItemsOf(task.Id).Single(i => i.Indicator.Value == indicator.Value);
            lock (seen) seen.Add(item.State + " " + task.Status);
        };

        await Run("a.com", "b.com");

        Assert.Equal(new[] { "Pending Running", "Pending Running" }, seen);
    }

    [Fact]
    public async Task An_answer_is_stored_and_its_item_done_before_it_is_handed_out()
    {
        var checkedRows = 0;
        var session = await _service.RunAsync(Rows("a.com", "b.com"), new LookupOptions(), output =>
        {
            using var other = new TipDatabase(_temp.Path);
            Assert.NotNull(new ResultCache(other).Find("Main", output.Result!.Kind == KumaTip.Core.Indicators.TipIndicatorType.Domain
                ? new KumaTip.Core.Indicators.TipIndicator(output.Result.Indicator, KumaTip.Core.Indicators.TipIndicatorType.Domain, output.Result.Indicator) : null!));
            var item = new TaskStore(other).ItemsOf(output.Result.TaskId).Single(i => i.Indicator.Value == output.Result.Indicator);
            Assert.Equal(TaskItemState.Done, item.State);
            checkedRows++;
        });
        Assert.Equal(2, checkedRows);
        Assert.Equal(2, _ledger.Rows.Count);
    }

    [Fact]
    public async Task Results_stream_out_while_later_requests_are_still_running()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _client.Gate = i => i.Value == "slow.com" ? release.Task : Task.CompletedTask;
        var session = _service.Start(new LookupOptions());
        session.Add(new LookupRequest("a.com"));
        session.Add(new LookupRequest("slow.com"));
        session.Complete();

        LookupOutput? first = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (!session.TryTake(out first!)) session.WaitForOutput(TimeSpan.FromMilliseconds(100), timeout.Token);

        Assert.Equal("a.com", first.Result!.Indicator);
        Assert.False(session.IsFinished);
        release.SetResult();
        LookupOutput? second;
        while (!session.TryTake(out second!)) session.WaitForOutput(TimeSpan.FromMilliseconds(100), timeout.Token);
        Assert.Equal("slow.com", second.Result!.Indicator);
        await session.Completion.WaitAsync(timeout.Token);
    }

    [Fact]
    public async Task No_more_requests_than_the_throttle_limit_are_in_flight()
    {
        var values = Enumerable.Range(0, 40).Select(i => "d" + i + ".com").ToArray();
        await Run(new LookupOptions { ThrottleLimit = 3 }, values);
        Assert.Equal(40, _client.Requests.Count);
        Assert.InRange(_client.MaxInFlight, 1, 3);
    }

    [Fact]
    public async Task Spent_quota_stops_requesting_and_Restart_finishes_without_buying_a_done_item_twice()
    {
        _client.DayQuota = 3;
        var values = Enumerable.Range(0, 8).Select(i => "q" + i + ".com").ToArray();
        var (outputs, session) = await Run(new LookupOptions { ThrottleLimit = 1 }, values);

        Assert.Equal(LookupStopReason.QuotaSpent, session.StopReason);
        Assert.Equal(8, outputs.Count);
        Assert.Equal(3, outputs.Count(o => o.Outcome == LookupOutcome.Result));
        Assert.Equal(5, outputs.Count(o => o.Outcome == LookupOutcome.NotRequested));
        Assert.Contains("Restart-TipTask", session.StopMessage);
        Assert.Contains("5", session.StopMessage);
        var task = session.Task!;
        Assert.Equal((8, 3, 5), (task.Total, task.Done, task.Pending));
        Assert.Equal(TipTaskStatus.PartiallyCompleted, task.State);

        _client.DayQuota = null;
        _ledger.License = NewDay; // the quota resets: what the ledger saw yesterday no longer holds
        var restarted = await _service.RestartAsync(task.Id, 2, null).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(TipTaskStatus.Completed, restarted.Task!.State);
        Assert.Equal((8, 8, 0), (restarted.Task.Total, restarted.Task.Done, restarted.Task.Pending));
        Assert.All(values, v => Assert.Equal(1, _client.Count(v)));
    }

    [Fact]
    public async Task Quota_spent_early_in_a_large_batch_still_leaves_every_miss_pending_in_the_task()
    {
        // Items are stored in chunks (ThrottleLimit, then twice the last) while requests go out; a stop must not leave
        // the later chunks out of the task, or Restart-TipTask would never ask for them.
        _client.DayQuota = 5;
        var values = Enumerable.Range(0, 300).Select(i => "big" + i + ".com").ToArray();
        var (outputs, session) = await Run(new LookupOptions { ThrottleLimit = 2 }, values);

        Assert.Equal(LookupStopReason.QuotaSpent, session.StopReason);
        Assert.Equal(300, outputs.Count);
        var done = outputs.Count(o => o.Outcome == LookupOutcome.Result);
        Assert.Equal(300 - done, outputs.Count(o => o.Outcome == LookupOutcome.NotRequested));
        var task = session.Task!;
        Assert.Equal((300, done, 300 - done), (task.Total, task.Done, task.Pending));
    }

    [Fact]
    public async Task Refused_credentials_stop_the_batch_with_one_error_and_leave_the_items_pending()
    {
        var (outputs, session) = await Run(new LookupOptions { ThrottleLimit = 1 }, "unauthorized.com", "a.com", "b.com");

        Assert.Equal(LookupStopReason.Refused, session.StopReason);
        Assert.NotNull(session.FatalError);
        Assert.Equal(LookupErrorCategory.AuthenticationError, session.FatalError!.Category);
        Assert.All(outputs, o => Assert.Equal(LookupOutcome.NotRequested, o.Outcome));
        Assert.Single(_client.Requests);
        Assert.Equal(TipTaskStatus.Failed, session.Task!.State);
        Assert.Equal(3, session.Task.Pending);
    }

    [Fact]
    public async Task A_client_that_cannot_be_made_stops_the_batch_before_any_task()
    {
        var service = new LookupService(_database, _ => throw new InvalidOperationException("No secret is set for tenant 'Main'. Run New-TipSecret."));
        var outputs = new List<LookupOutput>();
        var session = await service.RunAsync(Rows("a.com", "b.com"), new LookupOptions(), outputs.Add);

        Assert.Equal(LookupStopReason.Refused, session.StopReason);
        Assert.Contains("New-TipSecret", session.FatalError!.Message);
        Assert.Equal(2, outputs.Count(o => o.Outcome == LookupOutcome.NotRequested));
        Assert.Null(session.Task);
    }

    [Fact]
    public async Task Cancelling_leaves_the_task_cancelled_with_its_items_pending()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _client.Gate = _ => { started.TrySetResult(); return Task.Delay(Timeout.Infinite); };
        using var cancel = new CancellationTokenSource();
        var session = _service.Start(new LookupOptions(), cancel.Token);
        session.Add(new LookupRequest("a.com"));
        session.Add(new LookupRequest("b.com"));
        await started.Task.WaitAsync(TimeSpan.FromMinutes(1));

        cancel.Cancel();
        await session.Completion.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(TipTaskStatus.Cancelled, session.Task!.State);
        Assert.Equal(2, session.Task.Pending);
        Assert.Empty(_client.Requests);
    }

    [Fact]
    public async Task Stop_from_another_handle_cancels_a_running_task()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _client.Gate = _ => { started.TrySetResult(); return Task.Delay(Timeout.Infinite); };
        var session = _service.Start(new LookupOptions());
        session.Add(new LookupRequest("a.com"));
        session.Complete();
        await started.Task.WaitAsync(TimeSpan.FromMinutes(1));

        var stopped = _service.Stop(session.Task!.Id);

        Assert.Equal(TipTaskStatus.Cancelled, stopped!.State);
        await session.Completion.WaitAsync(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_stopped_task_records_every_row_it_had_received_and_Restart_finishes_them_all()
    {
        // Stop-TipTask midway through a list: the rows not yet requested are told "Restart-TipTask finishes it", so
        // they must be in the task as pending items, and the input counts as recorded.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _client.Gate = _ => { started.TrySetResult(); return release.Task; };
        var values = Enumerable.Range(0, 6).Select(i => "stop" + i + ".com").ToArray();
        var session = _service.Start(new LookupOptions { ThrottleLimit = 1 });
        foreach (var value in values) session.Add(new LookupRequest(value));
        session.Complete();
        await started.Task.WaitAsync(TimeSpan.FromMinutes(1));

        _service.Stop(session.Task!.Id);
        await session.Completion.WaitAsync(TimeSpan.FromMinutes(1));

        var stopped = new TaskStore(_database).Get(session.Task!.Id)!;
        Assert.Equal(TipTaskStatus.Cancelled, stopped.State);
        Assert.Equal(6, stopped.Total);
        Assert.Equal(6, stopped.Done + stopped.Pending + stopped.Failed);
        Assert.True(stopped.InputComplete);

        release.TrySetResult();
        _client.Gate = null;
        var restarted = await _service.RestartAsync(stopped.Id, 2, null).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(TipTaskStatus.Completed, restarted.Task!.State);
        Assert.Equal((6, 6, 0), (restarted.Task.Total, restarted.Task.Done, restarted.Task.Pending));
    }

    [Fact]
    public async Task Urls_up_to_the_portals_limit_are_looked_up_cached_and_kept_in_the_task_beside_short_ones()
    {
        // LiteDB cannot index keys over 1,023 bytes: a 1,900-character URL used to fail every row of its batch.
        var longUrl = "http://long.example/" + new string('a', 1880);
        var otherCase = "http://long.example/" + new string('A', 1100);
        var lowerCase = "http://long.example/" + new string('a', 1100);
        var (outputs, session) = await Run(longUrl, "a.com", otherCase, lowerCase, longUrl);

        Assert.All(outputs, o => Assert.Equal(LookupOutcome.Result, o.Outcome));
        Assert.Equal(new[] { longUrl, "a.com", otherCase, lowerCase, longUrl }, outputs.Select(o => o.Result!.Indicator));
        Assert.Equal(4, _client.Requests.Count); // a URL's path is case-sensitive: the two 1,100-character ones are two
        var task = session.Task!;
        Assert.Equal((4, 4, TipTaskStatus.Completed), (task.Total, task.Done, task.State));
        Assert.Equal(new[] { "a.com", longUrl, lowerCase, otherCase }.OrderBy(v => v, StringComparer.Ordinal),
            new TaskStore(_database).ItemsOf(task.Id).Select(i => i.Indicator.Value).OrderBy(v => v, StringComparer.Ordinal));

        var (again, _) = await Run(longUrl, otherCase);
        Assert.All(again, o => Assert.True(o.Result!.FromCache));
        Assert.Equal(4, _client.Requests.Count);
        Assert.Equal(otherCase, Assert.Single(new ResultCache(_database).Query("Main", r => r.Indicator == otherCase)).Indicator);
    }

    [Fact]
    public async Task A_long_url_left_pending_by_a_spent_quota_is_bought_by_Restart()
    {
        _client.DayQuota = 1;
        var longUrl = "https://long.example/" + new string('q', 1500);
        var (_, session) = await Run(new LookupOptions { ThrottleLimit = 1 }, "first.com", longUrl);
        Assert.Equal(1, session.Task!.Pending);

        _client.DayQuota = null;
        _ledger.License = NewDay; // the quota resets: what the ledger saw yesterday no longer holds
        var restarted = await _service.RestartAsync(session.Task.Id, 1, null).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal((2, 2, TipTaskStatus.Completed), (restarted.Task!.Total, restarted.Task.Done, restarted.Task.State));
        Assert.Equal(1, _client.Count(longUrl));
    }

    [Fact]
    public async Task Cancelling_a_batch_that_is_over_leaves_it_as_it_ended()
    {
        var (_, session) = await Run("a.com");
        using (session)
        {
            session.Cancel();

            Assert.Equal(LookupStopReason.None, session.StopReason);
            Assert.Equal(TipTaskStatus.Completed, session.Task!.State);
        }
    }

    [Fact]
    public async Task A_disposed_batch_can_be_cancelled_and_disposed_again_without_an_error()
    {
        // A stop (Stop-TipTask via the running tasks, Stop-Job) can reach a session just as its owner disposes it.
        var (_, session) = await Run("a.com");
        session.Dispose();

        session.Cancel();
        session.Dispose();

        Assert.Equal(LookupStopReason.None, session.StopReason);
    }

    [Fact]
    public async Task Stop_flag_written_by_another_process_is_obeyed()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _client.Gate = _ => { started.TrySetResult(); return Task.Delay(Timeout.Infinite); };
        var session = _service.Start(new LookupOptions());
        session.Add(new LookupRequest("a.com"));
        session.Complete();
        await started.Task.WaitAsync(TimeSpan.FromMinutes(1));

        using (var other = new TipDatabase(_temp.Path)) new TaskStore(other).RequestStop(session.Task!.Id);

        await session.Completion.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(TipTaskStatus.Cancelled, session.Task!.State);
    }

    [Fact]
    public void Task_ids_increase_across_handles_on_one_file()
    {
        using var other = new TipDatabase(_temp.Path);
        var ids = new[]
        {
            new TaskStore(_database).Create(new LookupOptions()).Id,
            new TaskStore(other).Create(new LookupOptions()).Id,
            new TaskStore(_database).Create(new LookupOptions()).Id,
        };
        Assert.Equal(new[] { 1, 2, 3 }, ids);
    }

    [Fact]
    public async Task A_running_task_whose_process_is_gone_is_abandoned_and_can_be_restarted()
    {
        var task = TaskOfADeadProcess(new[] { "a.com" }, received: 1, inputRecorded: true);

        var seen = new TaskStore(_database).Get(task.Id)!;
        Assert.Equal(TipTaskStatus.Abandoned, seen.State);
        Assert.True(seen.Abandoned);

        var restarted = await _service.RestartAsync(task.Id, null, null).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(TipTaskStatus.Completed, restarted.Task!.State);
        Assert.Equal(1, _client.Count("a.com"));
    }

    [Fact]
    public void An_abandoned_task_is_not_listed_as_running()
    {
        TaskOfADeadProcess(new[] { "a.com" }, received: 1, inputRecorded: true);
        var query = new TaskQuery { Statuses = new[] { TipTaskStatus.Running } };

        Assert.DoesNotContain(new TaskStore(_database).List(), t => query.Statuses!.Contains(t.State));
    }

    [Fact]
    public async Task A_task_whose_run_died_before_recording_all_its_rows_is_restarted_as_partially_completed_saying_why()
    {
        // 20 rows had reached the run; it was killed after recording 2 of them.
        var task = TaskOfADeadProcess(new[] { "a.com", "b.com" }, received: 20, inputRecorded: false);
        Assert.False(new TaskStore(_database).Get(task.Id)!.InputComplete);

        var restarted = await _service.RestartAsync(task.Id, null, null).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(TipTaskStatus.PartiallyCompleted, restarted.Task!.State);
        Assert.Equal(2, restarted.Task.Done);
        Assert.Contains("20 row(s) had reached it and 2 indicator(s) were recorded", restarted.Task.Message);
        Assert.Contains("run the same input again", restarted.Task.Message);
    }

    [Fact]
    public async Task A_finished_run_records_that_its_input_was_complete()
    {
        using var session = await _service.RunAsync(Rows("one.example", "two.example", "one.example"), new LookupOptions(), _ => { }).WaitAsync(TimeSpan.FromMinutes(1));

        var task = Assert.Single(new TaskStore(_database).List());
        Assert.True(task.InputComplete);
        Assert.Equal(3, task.Received);
        Assert.Equal(2, task.Total);
    }

    private TipTask TaskOfADeadProcess(string[] domains, int received, bool inputRecorded)
    {
        var store = new TaskStore(_database);
        var task = store.Create(new LookupOptions());
        store.AddItems(task.Id, domains.Select(d => new KumaTip.Core.Indicators.TipIndicator(d, KumaTip.Core.Indicators.TipIndicatorType.Domain, d)).ToList(), received);
        if (inputRecorded) store.MarkInputComplete(task.Id, received);
        var dead = _database.Db.GetCollection(TipDatabase.Tasks).FindById(task.Id);
        dead["OwnerPid"] = 999999;
        _database.Db.GetCollection(TipDatabase.Tasks).Update(dead);
        return task;
    }

    [Fact]
    public void A_task_running_in_a_live_process_is_not_abandoned()
    {
        var task = new TaskStore(_database).Create(new LookupOptions());
        Assert.False(new TaskStore(_database).Get(task.Id)!.Abandoned);
    }

    [Fact]
    public async Task Forecast_counts_unique_cached_and_to_request_without_a_request()
    {
        await Run("a.com");
        _ledger.License = new TipLicenseInfo { DayQuota = 100, DayRequests = 40 };
        var before = _client.Requests.Count;

        var forecast = _service.Forecast(Rows("a.com", "b.com", "b.com", "c.com", "1.2.3"), new LookupOptions());

        Assert.Equal(before, _client.Requests.Count);
        Assert.Equal((5, 3, 1, 2, 1, 60), (forecast.Rows, forecast.Unique, forecast.Cached, forecast.ToRequest, forecast.Invalid, forecast.QuotaLeft ?? -1));
    }

    [Fact]
    public async Task Cached_results_are_listed_in_pages_and_cleared_by_filter()
    {
        var values = Enumerable.Range(0, 2300).Select(i => "p" + i + ".com").ToArray();
        var (outputs, _) = await Run(new LookupOptions { ThrottleLimit = 16 }, values);
        Assert.Equal("", string.Join(",", outputs.Where(o => o.Outcome != LookupOutcome.Result).Take(3).Select(o => o.Outcome + " " + o.Reason)));
        Assert.Equal(2300, outputs.Count(o => o.Outcome == LookupOutcome.Result));
        Assert.Equal(2300, _database.Db.GetCollection(TipDatabase.Results).Count());

        Assert.Equal(2300, _service.GetCached("Main").Count());
        Assert.Empty(_service.GetCached("Other"));
        Assert.Equal(11, _service.ClearCache("Main", r => r.Indicator.StartsWith("p1") && r.Indicator.Length <= 7));
        Assert.Equal(2289, _service.GetCached("Main").Count());
    }

    [Fact]
    public async Task Receive_returns_each_done_item_with_its_cached_answer()
    {
        var (_, session) = await Run("a.com", "broken.com");
        var received = _service.Receive(session.Task!.Id);
        Assert.Equal(2, received.Count);
        Assert.Equal("a.com", received.Single(r => r.Item.State == TaskItemState.Done).Result!.Indicator);
        Assert.Null(received.Single(r => r.Item.State == TaskItemState.Failed).Result);
    }

    [Fact]
    public async Task Urls_that_differ_only_in_the_case_of_their_path_are_cached_apart()
    {
        await Run("http://a.com/Login", "http://a.com/login");
        var (outputs, _) = await Run("http://a.com/Login", "http://a.com/login");

        Assert.Equal(2, _client.Requests.Count);
        Assert.Equal(new[] { "http://a.com/Login", "http://a.com/login" }, outputs.Select(o => o.Result!.Indicator));
    }

    private static List<LookupOutput> TakeAll(LookupSession session, TimeSpan timeout)
    {
        var outputs = new List<LookupOutput>();
        using var limit = new CancellationTokenSource(timeout);
        while (!session.IsFinished)
        {
            session.WaitForOutput(TimeSpan.FromMilliseconds(100), limit.Token);
            while (session.TryTake(out var output)) outputs.Add(output);
        }
        while (session.TryTake(out var output)) outputs.Add(output);
        return outputs;
    }

    [Fact]
    public async Task Rows_added_after_a_stop_are_answered_and_the_batch_finishes()
    {
        await Run("cached.com");
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _client.Gate = _ => { started.TrySetResult(); return Task.Delay(Timeout.Infinite); };
        var session = _service.Start(new LookupOptions());
        session.Add(new LookupRequest("a.com"));
        await started.Task.WaitAsync(TimeSpan.FromMinutes(1));

        _service.Stop(session.Task!.Id);
        await session.Completion.WaitAsync(TimeSpan.FromMinutes(1));
        // The pipeline that feeds the session goes on delivering rows after Stop-TipTask.
        session.Add(new LookupRequest("b.com"));
        session.Add(new LookupRequest("cached.com"));
        session.Add(new LookupRequest("a.com"));
        session.Add(new LookupRequest("not an indicator"));
        session.Complete();
        var outputs = TakeAll(session, TimeSpan.FromMinutes(1));

        Assert.Equal(new[] { LookupOutcome.NotRequested, LookupOutcome.NotRequested, LookupOutcome.Result, LookupOutcome.NotRequested, LookupOutcome.Error },
            outputs.Select(o => o.Outcome));
        Assert.True(outputs[2].Result!.FromCache);
        Assert.Single(_client.Requests);
        Assert.Equal(TipTaskStatus.Cancelled, session.Task!.State);
    }

    [Fact]
    public async Task A_task_running_in_this_process_is_not_restarted_a_second_time()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _client.Gate = _ => { started.TrySetResult(); return release.Task; };
        var session = _service.Start(new LookupOptions { ThrottleLimit = 1 });
        session.Add(new LookupRequest("a.com"));
        session.Add(new LookupRequest("b.com"));
        session.Complete();
        await started.Task.WaitAsync(TimeSpan.FromMinutes(1));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => _service.RestartAsync(session.Task!.Id, null, null).WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Contains("still running in this PowerShell session", refused.Message);

        release.SetResult();
        var outputs = TakeAll(session, TimeSpan.FromMinutes(1));
        Assert.Equal(2, outputs.Count(o => o.Outcome == LookupOutcome.Result));
        Assert.Equal(1, _client.Count("a.com"));
        Assert.Equal(1, _client.Count("b.com"));
        Assert.Equal(TipTaskStatus.Completed, session.Task!.State);
    }

    [Fact]
    public async Task Restart_requests_an_item_whose_cached_answer_was_too_old_when_the_task_began()
    {
        await Run("a.com");
        _time.Now += TimeSpan.FromDays(2);
        _client.DayQuota = 1;
        var (outputs, session) = await Run(new LookupOptions { CacheTtl = TimeSpan.FromDays(1) }, "a.com");
        Assert.Equal(LookupOutcome.NotRequested, Assert.Single(outputs).Outcome);
        Assert.Equal(1, session.Task!.Pending);

        _client.DayQuota = null;
        _ledger.License = NewDay; // the quota resets: what the ledger saw yesterday no longer holds
        var restarted = await _service.RestartAsync(session.Task.Id, null, null).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, _client.Count("a.com"));
        Assert.Equal(TipTaskStatus.Completed, restarted.Task!.State);
    }

    [Fact]
    public void With_Force_a_duplicate_whose_answer_was_forgotten_is_not_bought_again()
    {
        var session = _service.Start(new LookupOptions { Force = true, ThrottleLimit = 1 });
        session.RememberedKeys = 0; // forget every answered indicator, as a batch past 10,000 unique ones does
        session.Add(new LookupRequest("a.com"));
        session.Add(new LookupRequest("b.com"));
        var outputs = new List<LookupOutput>();
        using (var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            while (outputs.Count < 2)
            {
                session.WaitForOutput(TimeSpan.FromMilliseconds(100), limit.Token);
                while (session.TryTake(out var output)) outputs.Add(output);
            }
        }

        session.Add(new LookupRequest("a.com"));
        session.Add(new LookupRequest("b.com"));
        session.Complete();
        outputs.AddRange(TakeAll(session, TimeSpan.FromMinutes(1)));

        Assert.Equal(4, outputs.Count(o => o.Outcome == LookupOutcome.Result));
        Assert.Equal(1, _client.Count("a.com"));
        Assert.Equal(1, _client.Count("b.com"));
        Assert.Equal(session.Task!.Id, outputs[2].Result!.TaskId);
    }

    [Fact]
    public void A_refresh_plan_keeps_one_tenant_and_each_types_widest_sections()
    {
        var full = KumaTip.Core.Api.SectionCatalog.DefaultSections(KumaTip.Core.Indicators.TipIndicatorType.Domain).ToArray();
        var plan = new RefreshPlan(null);
        Assert.True(plan.TryAdd(new TipLookupResult { Indicator = "a.com", Kind = KumaTip.Core.Indicators.TipIndicatorType.Domain, Sections = full }, out _));
        Assert.True(plan.TryAdd(new TipLookupResult { Indicator = "b.com", Kind = KumaTip.Core.Indicators.TipIndicatorType.Domain, Sections = new[] { "Zone", "DomainWhoIsInfo" } }, out _));
        Assert.True(plan.TryAdd(new TipLookupResult { Indicator = "1.2.3.4", Kind = KumaTip.Core.Indicators.TipIndicatorType.IPv4, Sections = new[] { "Zone", "IpWhoIs" } }, out _));
        Assert.True(plan.TryAdd(new TipLookupResult { Indicator = "5.6.7.8", Kind = KumaTip.Core.Indicators.TipIndicatorType.IPv4, Sections = new[] { "Zone", "IpGeneralInfo" } }, out _));
        Assert.False(plan.TryAdd(new TipLookupResult { Indicator = "c.com", Kind = KumaTip.Core.Indicators.TipIndicatorType.Domain, Tenant = "Other" }, out var refusal));

        Assert.Equal("Main", plan.Tenant);
        Assert.Contains("'c.com'", refusal);
        Assert.Contains("'Other'", refusal);
        Assert.Empty(plan.SectionsByType[KumaTip.Core.Indicators.TipIndicatorType.Domain]);
        Assert.Equal(new[] { "IpGeneralInfo", "IpWhoIs", "Zone" }, plan.SectionsByType[KumaTip.Core.Indicators.TipIndicatorType.IPv4]);
    }

    [Fact]
    public async Task Sections_chosen_per_type_go_on_the_wire_per_type()
    {
        var options = new LookupOptions
        {
            Force = true,
            SectionsByType = new Dictionary<KumaTip.Core.Indicators.TipIndicatorType, IReadOnlyList<string>>
            {
                [KumaTip.Core.Indicators.TipIndicatorType.Domain] = Array.Empty<string>(),
                [KumaTip.Core.Indicators.TipIndicatorType.IPv4] = new[] { "IpWhoIs" },
            },
            Sections = new[] { "DomainWhoIsInfo", "IpWhoIs" },
        };
        await Run(options, "a.com", "1.2.3.4");

        var domain = _client.Requests.Single(r => r.Value == "a.com").Sections;
        var ip = _client.Requests.Single(r => r.Value == "1.2.3.4").Sections;
        Assert.Equal(KumaTip.Core.Api.SectionCatalog.DefaultSections(KumaTip.Core.Indicators.TipIndicatorType.Domain).OrderBy(x => x), domain.OrderBy(x => x));
        Assert.Contains("IpWhoIs", ip);
        Assert.DoesNotContain("IpGeneralInfo", ip);
    }

    [Fact]
    public async Task A_heartbeat_never_undoes_a_stop_request_from_another_handle()
    {
        var task = new TaskStore(_database).Create(new LookupOptions());
        using var beating = new CancellationTokenSource();
        // The owner's heartbeat, on its own handle and thread, as the session's poller does it.
        var heart = Task.Run(() =>
        {
            using var own = new TipDatabase(_temp.Path);
            var store = new TaskStore(own);
            while (!beating.IsCancellationRequested) store.Heartbeat(task.Id);
        });
        using var other = new TipDatabase(_temp.Path);
        var stopper = new TaskStore(other);
        var tasks = other.Db.GetCollection(TipDatabase.Tasks);
        var lost = 0;
        try
        {
            for (var i = 0; i < 150; i++)
            {
                stopper.RequestStop(task.Id);
                // Let a heartbeat or two run after the stop request, then look.
                var doc = tasks.FindById(task.Id);
                doc = tasks.FindById(task.Id);
                if (!doc["StopRequested"].AsBoolean) lost++;
                doc["StopRequested"] = false;
                tasks.Update(doc);
            }
        }
        finally
        {
            beating.Cancel();
            await heart.WaitAsync(TimeSpan.FromMinutes(1));
        }
        Assert.Equal(0, lost);
    }

    [Fact]
    public async Task A_cache_write_that_fails_briefly_is_retried_and_the_answer_stored()
    {
        _ledger.FailNext = 2;
        var (outputs, session) = await Run("a.com");

        Assert.Equal(LookupOutcome.Result, Assert.Single(outputs).Outcome);
        Assert.Equal(0, session.UnstoredResults);
        Assert.Equal(TipTaskStatus.Completed, session.Task!.State);
        Assert.Single(_service.GetCached("Main"));
    }

    [Fact]
    public async Task A_duplicate_after_the_answer_was_stored_gets_it_without_the_body_which_loads_when_read()
    {
        using var session = _service.Start(new LookupOptions());
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        session.Add(new LookupRequest("red.com"));
        LookupOutput? first;
        while (!session.TryTake(out first!)) session.WaitForOutput(TimeSpan.FromMilliseconds(100), timeout.Token);
        session.Add(new LookupRequest("RED.com"));
        session.Complete();
        LookupOutput? later;
        while (!session.TryTake(out later!)) session.WaitForOutput(TimeSpan.FromMilliseconds(100), timeout.Token);
        await session.Completion.WaitAsync(timeout.Token);

        // The row that waited for the answer gets it as received; the remembered copy holds no body.
        Assert.Null(first.Result!.RawLoader);
        Assert.NotNull(later.Result!.RawLoader);
        Assert.False(later.Result.FromCache);
        Assert.Equal(first.Result.Raw, later.Result.Raw);
        Assert.Equal("red.com", ((KumaTip.Core.Api.Sections.DomainGeneralInfo)later.Result.GeneralInfo!).Domain);
        Assert.Equal(1, _client.Count("red.com"));
    }

    [Fact]
    public async Task With_bodies_on_demand_even_the_first_row_gets_the_answer_without_its_body()
    {
        var (outputs, _) = await Run(new LookupOptions { BodiesOnDemand = true }, "red.com");

        var result = Assert.Single(outputs).Result!;
        Assert.NotNull(result.RawLoader);
        Assert.Equal("Red", result.Zone);
        Assert.Contains("CATEGORY_PHISHING", result.Raw);
    }

    [Fact]
    public async Task A_result_held_across_a_newer_lookup_or_a_clear_never_shows_another_answers_body()
    {
        await Run("red.com");
        var (held, _) = await Run("red.com");
        var (cleared, _) = await Run("red.com");
        var heldResult = held[0].Result!;
        var clearedResult = cleared[0].Result!;

        await Run(new LookupOptions { Force = true }, "red.com");
        Assert.Equal("", heldResult.Raw);
        Assert.Null(heldResult.Details);

        _service.Cache.Remove("Main", _ => true);
        Assert.Equal("", clearedResult.Raw);
    }

    [Fact]
    public async Task Reading_a_cached_body_after_the_data_directory_is_gone_is_empty_and_creates_nothing()
    {
        await Run("red.com");
        var (outputs, _) = await Run("red.com");
        var result = outputs[0].Result!;
        _database.Dispose();
        Directory.Delete(_temp.Path, recursive: true);

        Assert.Equal("", result.Raw);
        Assert.False(Directory.Exists(_temp.Path));
    }

    [Fact]
    public async Task Parallel_readers_of_one_cached_result_all_get_its_body()
    {
        await Run(Enumerable.Range(0, 20).Select(i => "red" + i + ".com").ToArray());
        var (outputs, _) = await Run(Enumerable.Range(0, 20).Select(i => "red" + i + ".com").ToArray());

        var reads = await Task.WhenAll(outputs.SelectMany(o => Enumerable.Range(0, 6).Select(_ => Task.Run(() => o.Result!.Raw))));

        Assert.DoesNotContain("", reads);
    }

    [Fact]
    public async Task A_paid_answer_that_cannot_be_stored_is_still_returned_with_a_warning_and_its_item_stays_pending()
    {
        _ledger.FailNext = int.MaxValue;
        var (outputs, session) = await Run("a.com");

        Assert.Equal("a.com", Assert.Single(outputs).Result!.Indicator);
        // Not in the cache, so the answer keeps its body in memory.
        Assert.Null(outputs[0].Result!.RawLoader);
        Assert.False(string.IsNullOrEmpty(outputs[0].Result!.Raw));
        Assert.Equal(1, session.UnstoredResults);
        Assert.Contains("not cached", session.UnstoredMessage);
        Assert.Equal(1, session.Task!.Pending);
        Assert.DoesNotContain("quota", session.Task.Message);
        Assert.Empty(_service.GetCached("Main"));
    }

    [Fact]
    public async Task When_the_last_request_spends_the_quota_the_warning_says_nothing_is_pending()
    {
        _client.DayQuota = 2;
        var (outputs, session) = await Run(new LookupOptions { ThrottleLimit = 1 }, "a.com", "b.com");

        Assert.All(outputs, o => Assert.Equal(LookupOutcome.Result, o.Outcome));
        Assert.Equal(LookupStopReason.QuotaSpent, session.StopReason);
        Assert.Equal(TipTaskStatus.Completed, session.Task!.State);
        Assert.Contains("nothing is pending", session.StopMessage);
        Assert.DoesNotContain("0 indicator(s)", session.StopMessage);
    }

    [Fact]
    public async Task Restarted_results_get_the_tenants_portal_link_and_throttle_limit()
    {
        int? throttle = null;
        var service = new LookupService(_database, o => { throttle = o.ThrottleLimit; return _client; }, new Uri("https://tip.example/"), _ledger, _time);
        _client.DayQuota = 0;
        var (_, session) = await Run("a.com");
        _client.DayQuota = null;
        _ledger.License = NewDay; // the quota resets: what the ledger saw yesterday no longer holds
        var results = new List<TipLookupResult>();

        await service.RestartAsync(session.Task!.Id, null, (_, o) => results.Add(o.Result!), default,
            tenant => new LookupOptions { Tenant = tenant, Portal = new Uri("https://portal.tenant.example/"), ThrottleLimit = 7 }).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.StartsWith("https://portal.tenant.example/", Assert.Single(results).PortalUrl);
        Assert.Equal(7, throttle);
    }

    [Fact]
    public async Task A_row_of_a_batch_that_crashed_gets_an_error_naming_its_indicator()
    {
        var service = new LookupService(_database, _ => _client, resolveSections: (_, _) => throw new InvalidOperationException("section table broken"));
        var session = service.Start(new LookupOptions());
        session.Add(new LookupRequest("a.com"));
        session.Add(new LookupRequest("b.com"));
        session.Complete();
        await session.Completion.WaitAsync(TimeSpan.FromMinutes(1));

        var outputs = new List<LookupOutput>();
        try
        {
            while (session.TryTake(out var output)) outputs.Add(output);
        }
        catch (InvalidOperationException)
        {
            // The crash itself is reported once after the rows.
        }
        Assert.Equal(2, outputs.Count);
        Assert.Contains("'a.com'", outputs[0].Error!.Message);
        Assert.Contains("'b.com'", outputs[1].Error!.Message);
        Assert.Contains("section table broken", outputs[1].Error!.Message);
    }

    [Fact]
    public void A_tenant_name_with_the_key_separator_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Tenants.Normalize("a|b"));
        Assert.Contains("'a|b'", error.Message);
    }

    [Fact]
    public void A_tenant_name_too_long_for_storage_keys_is_refused_with_its_length_and_without_echoing_it_whole()
    {
        Assert.Equal(new string('t', Tenants.MaxLength), Tenants.Normalize(new string('t', Tenants.MaxLength)));
        var error = Assert.Throws<ArgumentException>(() => Tenants.Normalize(new string('t', 1200)));
        Assert.Contains("1200 characters", error.Message);
        Assert.Contains("at most 128", error.Message);
        Assert.True(error.Message.Length < 300, error.Message);
        Assert.Contains("control character", Assert.Throws<ArgumentException>(() => Tenants.Normalize("a\u0001b")).Message);
    }

    [Fact]
    public async Task A_stop_does_not_cut_off_a_retry_already_on_the_wire_and_its_answer_is_kept()
    {
        LookupSession? running = null;
        var retrySent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The refusal comes while flaky.com's retry is on the wire; the retry is answered only after the batch stopped.
        _client.Gate = i => i.Value == "unauthorized.com" ? retrySent.Task : Task.CompletedTask;
        _client.RetryOnTheWire = async _ =>
        {
            retrySent.TrySetResult();
            while (running == null || running.StopReason == LookupStopReason.None) await Task.Delay(10);
        };
        var outputs = new List<LookupOutput>();

        var session = await _service.RunAsync(Rows("flaky.com", "unauthorized.com"), new LookupOptions { ThrottleLimit = 2 }, outputs.Add,
            started: s => running = s).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(LookupStopReason.Refused, session.StopReason);
        Assert.Equal(LookupOutcome.Result, outputs[0].Outcome);
        Assert.Equal("flaky.com", Assert.Single(_service.GetCached("Main")).Indicator);
    }

    [Fact]
    public async Task A_spent_quota_also_ends_requests_waiting_to_be_retried()
    {
        var retrying = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _client.Gate = i => i.Value == "a.com" ? retrying.Task : Task.CompletedTask;
        _client.DayQuota = 1;
        // The request for a.com (which spends the quota) is answered only once retry.com waits for its next attempt.
        ((IRetryReporting)_client).Retrying += (_, _) => retrying.TrySetResult();
        var outputs = new List<LookupOutput>();

        var session = await _service.RunAsync(Rows("retry.com", "a.com"), new LookupOptions { ThrottleLimit = 2 }, outputs.Add).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(LookupStopReason.QuotaSpent, session.StopReason);
        Assert.Equal(new[] { LookupOutcome.NotRequested, LookupOutcome.Result }, outputs.Select(o => o.Outcome));
        Assert.Equal(1, session.Task!.Pending);
    }
}
