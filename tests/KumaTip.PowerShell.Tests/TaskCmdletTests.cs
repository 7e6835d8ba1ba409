using System.Management.Automation;
using KumaTip.PowerShell.Tests.Infrastructure;

namespace KumaTip.PowerShell.Tests;

/// <summary>The task manager on the real engine against the simulator: fields, filters, Receive, Restart, Stop, jobs, quota.</summary>
[Collection(PowerShellCollection.Name)]
public sealed class TaskCmdletTests : IClassFixture<SimulatorHost>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly SimulatorHost _sim;
    private readonly ModuleHost _host = new();
    private readonly string _tag = "t" + Guid.NewGuid().ToString("N").Substring(0, 8);

    public TaskCmdletTests(SimulatorHost sim)
    {
        _sim = sim;
        _sim.Simulator.Faults.Latency = TimeSpan.Zero;
        _sim.Simulator.Faults.SlowLatency = TimeSpan.FromMilliseconds(50);
        _sim.Configure(_host);
    }

    public void Dispose()
    {
        _sim.Simulator.Faults.SlowLatency = TimeSpan.FromMilliseconds(50);
        _host.Dispose();
    }

    private string D(string label) => label + "-" + _tag + ".example.com";

    private static object? Prop(PSObject o, string name) => o.Properties[name]?.Value;

    private Task InFlight(string value)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Watch(string target)
        {
            if (target.Contains(value, StringComparison.OrdinalIgnoreCase)) seen.TrySetResult();
        }
        _sim.RequestReceived += Watch;
        _ = seen.Task.ContinueWith(_ => _sim.RequestReceived -= Watch, TaskScheduler.Default);
        return seen.Task;
    }

    private static Task OutputCount(Job job, int count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        job.Output.DataAdded += (_, _) => { if (job.Output.Count >= count) reached.TrySetResult(); };
        if (job.Output.Count >= count) reached.TrySetResult();
        return reached.Task;
    }

    [Fact]
    public void A_task_records_who_when_what_and_how_far_and_the_filters_select_it()
    {
        _host.Run("$args | Invoke-TipLookup -Section DomainGeneralInfo -MaxRecords 7", D("f1"), D("f2"), D("f1")).AssertNoErrors();

        var task = Assert.Single(_host.Run("Get-TipTask").AssertNoErrors().Output);
        Assert.Equal("ThreatLookup", Prop(task, "Type"));
        Assert.Equal("Completed", Prop(task, "Status")!.ToString());
        Assert.Equal(Environment.UserName, Prop(task, "CreatedBy"));
        Assert.Equal("Main", Prop(task, "Tenant"));
        Assert.Equal((2, 2, 0, 0), ((int)Prop(task, "Total")!, (int)Prop(task, "Done")!, (int)Prop(task, "Failed")!, (int)Prop(task, "Pending")!));
        Assert.Equal(7, Prop(task, "MaxRecords"));
        Assert.Equal(new[] { "DomainGeneralInfo" }, (IEnumerable<string>)Prop(task, "Sections")!);
        Assert.True((DateTimeOffset)Prop(task, "LastUpdate")! >= (DateTimeOffset)Prop(task, "Created")!);
        Assert.Equal(false, Prop(task, "Abandoned"));
        var id = (int)Prop(task, "Id")!;

        Assert.Single(_host.Run("Get-TipTask -Id $args[0]", id).AssertNoErrors().Output);
        Assert.Single(_host.Run("Get-TipTask -Mine -Status Completed -Type ThreatLook*").AssertNoErrors().Output);
        Assert.Empty(_host.Run("Get-TipTask -Status Failed, Cancelled").AssertNoErrors().Output);
        Assert.Empty(_host.Run("Get-TipTask -Type Sandbox").AssertNoErrors().Output);
        Assert.Empty(_host.Run("Get-TipTask -Tenant Other").AssertNoErrors().Output);
        Assert.StartsWith("TipTaskNotFound,", Assert.Single(_host.Run("Get-TipTask -Id 999").Errors).FullyQualifiedErrorId);

        // Cached rows need no task: a second run adds none.
        _host.Run("$args | Invoke-TipLookup -Section DomainGeneralInfo -MaxRecords 5", D("f1"), D("f2")).AssertNoErrors();
        Assert.Single(_host.Run("Get-TipTask").Output);
    }

    [Fact]
    public void Task_ids_increase()
    {
        _host.Run("Invoke-TipLookup -Indicator $args[0]", D("i1")).AssertNoErrors();
        _host.Run("Invoke-TipLookup -Indicator $args[0]", D("i2")).AssertNoErrors();
        var ids = _host.Run("Get-TipTask").AssertNoErrors().Output.Select(t => (int)Prop(t, "Id")!).ToList();
        Assert.Equal(new[] { 2, 1 }, ids);
    }

    [Fact]
    public void Receive_TipTask_returns_the_results_and_names_what_failed()
    {
        _host.Run("$args | Invoke-TipLookup", D("r1"), D("sim-malformed-r"), D("r2"));

        var received = _host.Run("Get-TipTask | Receive-TipTask");

        Assert.Equal(new[] { D("r1"), D("r2") }, received.Output.Select(o => (string)Prop(o, "Indicator")!).OrderBy(v => v));
        Assert.All(received.Output, o => Assert.Equal(true, Prop(o, "FromCache")));
        var error = Assert.Single(received.Errors);
        Assert.StartsWith("TipTaskItemFailed,", error.FullyQualifiedErrorId);
        Assert.Equal(D("sim-malformed-r"), error.TargetObject);
    }

    [Fact]
    public async Task A_spent_quota_leaves_a_task_that_Restart_finishes_after_the_reset_without_buying_twice()
    {
        var clock = new ManualClock();
        await using var quotaSim = await SimulatorHost.StartAsync(o => { o.DayQuota = 3; o.TimeProvider = clock; });
        using var host = new ModuleHost();
        quotaSim.Configure(host);
        var values = Enumerable.Range(1, 6).Select(i => D("q" + i)).ToArray();

        var run = host.Run("$args | Invoke-TipLookup -ThrottleLimit 1", values.Cast<object?>().ToArray());

        Assert.Equal(3, run.Output.Count);
        var warning = Assert.Single(run.Warnings).Message;
        Assert.Contains("3 indicator(s)", warning);
        Assert.Contains("Restart-TipTask", warning);
        var task = Assert.Single(host.Run("Get-TipTask").AssertNoErrors().Output);
        Assert.Equal("PartiallyCompleted", Prop(task, "Status")!.ToString());
        Assert.Equal((6, 3, 3), ((int)Prop(task, "Total")!, (int)Prop(task, "Done")!, (int)Prop(task, "Pending")!));

        clock.Advance(TimeSpan.FromDays(1));
        var restarted = Assert.Single(host.Run("Get-TipTask | Restart-TipTask").AssertNoErrors().Output);

        Assert.Equal("Completed", Prop(restarted, "Status")!.ToString());
        Assert.Equal((6, 6, 0), ((int)Prop(restarted, "Total")!, (int)Prop(restarted, "Done")!, (int)Prop(restarted, "Pending")!));
        // Bought = answered (200/404). A request already on its way when the quota ran out is refused (403) and
        // costs nothing, so only paid answers are counted: each value exactly once.
        Assert.All(values, v => Assert.Single(quotaSim.RequestsFor(v), r => r.Status is 200 or 404));
        Assert.Equal(6, host.Run("Get-TipTask | Receive-TipTask").AssertNoErrors().Output.Count);
    }

    [Fact]
    public async Task Stop_TipTask_cancels_a_background_lookup_and_Restart_TipTask_finishes_it()
    {
        _sim.Simulator.Faults.SlowLatency = TimeSpan.FromMinutes(10);
        var slow = D("sim-slow-x");
        var inFlight = InFlight(slow);
        var job = Assert.Single(_host.Run("$args | Invoke-TipLookup -AsJob", D("s1"), D("s2"), slow).AssertNoErrors().Output);
        Assert.Equal("TipLookupJob", Prop(job, "PSJobTypeName"));
        await inFlight.WaitAsync(Timeout);
        // The two fast answers are out (stored first) before the stop, so the restart must not buy them again.
        await OutputCount((Job)job.BaseObject, 2).WaitAsync(Timeout);

        var running = Assert.Single(_host.Run("Get-TipTask -Status Running").AssertNoErrors().Output);
        Assert.Equal(Prop(running, "Id"), Prop(job, "TaskId"));
        var stopped = Assert.Single(_host.Run("Stop-TipTask -Id $args[0]", Prop(running, "Id")).AssertNoErrors().Output);

        Assert.Equal("Cancelled", Prop(stopped, "Status")!.ToString());
        Assert.True((int)Prop(stopped, "Pending")! >= 1);
        Assert.Equal("Stopped", _host.Run("(Get-Job -Id $args[0] | Wait-Job -Timeout 60).State.ToString()", Prop(job, "Id")).AssertNoErrors().Output.Single().ToString());

        _sim.Simulator.Faults.SlowLatency = TimeSpan.FromMilliseconds(50);
        var restarted = Assert.Single(_host.Run("Restart-TipTask -Id $args[0]", Prop(running, "Id")).AssertNoErrors().Output);
        Assert.Equal("Completed", Prop(restarted, "Status")!.ToString());
        Assert.Single(_sim.RequestsFor(D("s1")));
        Assert.Single(_sim.RequestsFor(D("s2")));
        Assert.Equal(3, _host.Run("Receive-TipTask -Id $args[0]", Prop(running, "Id")).AssertNoErrors().Output.Count);
    }

    [Fact]
    public async Task AsJob_results_come_through_Receive_Job_and_Stop_Job_cancels_the_task()
    {
        var done = _host.Run("$j = $args | Invoke-TipLookup -AsJob; $j | Wait-Job -Timeout 60 | Out-Null; $j.State.ToString(); Receive-Job $j", D("j1"), D("j2")).AssertNoErrors();
        Assert.Equal("Completed", done.Output[0].ToString());
        Assert.Equal(new[] { D("j1"), D("j2") }, done.Output.Skip(1).Select(o => (string)Prop(o, "Indicator")!));

        _sim.Simulator.Faults.SlowLatency = TimeSpan.FromMinutes(10);
        var slow = D("sim-slow-j");
        var inFlight = InFlight(slow);
        var job = Assert.Single(_host.Run("$args | Invoke-TipLookup -AsJob", slow).AssertNoErrors().Output);
        await inFlight.WaitAsync(Timeout);

        _host.Run("Stop-Job -Id $args[0]", Prop(job, "Id")).AssertNoErrors();

        Assert.Equal("Stopped", _host.Run("(Get-Job -Id $args[0]).State.ToString()", Prop(job, "Id")).Output.Single().ToString());
        var task = _host.Run("Get-TipTask").AssertNoErrors().Output.First();
        Assert.Equal("Cancelled", Prop(task, "Status")!.ToString());
        Assert.Equal(1, Prop(task, "Pending"));
    }

    [Fact]
    public void An_AsJob_job_reports_each_retry_in_its_verbose_stream()
    {
        var flaky = D("sim-503-jv");

        var run = _host.Run("$j = Invoke-TipLookup -Indicator $args[0] -AsJob; $j | Wait-Job -Timeout 60 | Out-Null; $j.State.ToString(); $j.Verbose | ForEach-Object Message",
            flaky).AssertNoErrors();

        Assert.Equal("Completed", run.Output[0].ToString());
        var retry = Assert.Single(run.Output.Skip(1).Select(o => o.ToString()));
        Assert.StartsWith($"Attempt 1 of 5 to look up the domain '{flaky}' failed (HTTP 503); trying again in ", retry);
    }

    [Fact]
    public void A_finished_AsJob_job_can_be_stopped_and_removed_without_an_error_and_stays_Completed()
    {
        // Stop-Job skips a job that has ended, so $j.StopJob() is what reaches the job itself (as any host may call it),
        // after Remove-Job has disposed the job too.
        var run = _host.Run(
            "$j = $args | Invoke-TipLookup -AsJob; $j | Wait-Job -Timeout 60 | Out-Null; " +
            "Stop-Job -Job $j; $j.StopJob(); Remove-Job -Job $j; $j.StopJob(); Stop-Job -Job $j; " +
            "$j.State.ToString(); $j.TaskId; @(Get-Job -Id $j.Id -ErrorAction SilentlyContinue).Count", D("ended")).AssertNoErrors();

        Assert.Equal("Completed", run.Output[0].ToString());
        var task = Assert.Single(_host.Run("Get-TipTask").AssertNoErrors().Output);
        Assert.Equal(Prop(task, "Id"), run.Output[1].BaseObject);
        Assert.Equal(0, run.Output[2].BaseObject);
        Assert.Equal("Completed", Prop(task, "Status")!.ToString());
        Assert.Single(_sim.RequestsFor(D("ended")));
    }

    [Fact]
    public async Task Ctrl_C_cancels_in_flight_requests_and_leaves_the_task_Cancelled_with_its_items_pending()
    {
        _sim.Simulator.Faults.SlowLatency = TimeSpan.FromMinutes(10);
        var slow = D("sim-slow-c");
        var inFlight = InFlight(slow);

        var stopped = await _host.RunAndStop("$args | Invoke-TipLookup", inFlight, Timeout, D("c1"), slow, D("c2"));

        Assert.IsType<PipelineStoppedException>(stopped.Terminating);
        var task = Assert.Single(_host.Run("Get-TipTask").AssertNoErrors().Output);
        Assert.Equal("Cancelled", Prop(task, "Status")!.ToString());
        Assert.True((int)Prop(task, "Pending")! >= 1);
        Assert.Equal(3, Prop(task, "Total"));

        _sim.Simulator.Faults.SlowLatency = TimeSpan.FromMilliseconds(50);
        var restarted = Assert.Single(_host.Run("Get-TipTask | Restart-TipTask").AssertNoErrors().Output);
        Assert.Equal("Completed", Prop(restarted, "Status")!.ToString());
    }

    private int OneTask(string label)
    {
        _host.Run("Invoke-TipLookup -Indicator $args[0]", D(label)).AssertNoErrors();
        return (int)Prop(Assert.Single(_host.Run("Get-TipTask").AssertNoErrors().Output), "Id")!;
    }

    [Fact]
    public void Get_TipTask_for_an_id_that_does_not_exist_writes_one_ObjectNotFound_error_naming_the_id_and_tenant()
    {
        var id = OneTask("missing");

        var run = _host.Run("Get-TipTask -Id $args[0], $args[1] -Tenant Main", id, 999);

        Assert.Null(run.Terminating);
        Assert.Equal(id, Prop(Assert.Single(run.Output), "Id"));
        var error = Assert.Single(run.Errors);
        Assert.StartsWith("TipTaskNotFound,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(999, error.TargetObject);
        Assert.Equal("There is no task 999 of tenant 'Main'. Get-TipTask lists the tasks.", error.Exception.Message);

        var silenced = _host.Run("Get-TipTask -Id 999 -ErrorAction SilentlyContinue");
        Assert.Null(silenced.Terminating);
        Assert.Empty(silenced.Errors);
        Assert.Empty(silenced.Output);
    }

    [Fact]
    public void Get_TipTask_for_the_id_of_another_tenants_task_writes_TipTaskNotFound_instead_of_nothing()
    {
        var id = OneTask("elsewhere");

        var run = _host.Run("Get-TipTask -Id $args[0] -Tenant Other", id);

        Assert.Empty(run.Output);
        var error = Assert.Single(run.Errors);
        Assert.StartsWith("TipTaskNotFound,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(id, error.TargetObject);
        Assert.Contains("task " + id + " of tenant 'Other'", error.Exception.Message);
        Assert.Empty(_host.Run("Get-TipTask -Id $args[0] -Tenant Other -ErrorAction SilentlyContinue", id).AssertNoErrors().Output);
        // Listing a tenant without -Id stays a filter: nothing, and no error.
        Assert.Empty(_host.Run("Get-TipTask -Tenant Other").AssertNoErrors().Output);
    }

    [Fact]
    public void Get_TipTask_for_an_existing_id_returns_the_task_without_an_error_with_or_without_its_tenant()
    {
        var id = OneTask("present");

        Assert.Equal(id, Prop(Assert.Single(_host.Run("Get-TipTask -Id $args[0]", id).AssertNoErrors().Output), "Id"));
        // The tenant compares like Receive-, Restart- and Stop-TipTask do it: without case, trimmed.
        Assert.Equal(id, Prop(Assert.Single(_host.Run("Get-TipTask -Id $args[0] -Tenant ' main '", id).AssertNoErrors().Output), "Id"));
        Assert.Equal(id, Prop(Assert.Single(_host.Run("Get-TipTask | Get-TipTask").AssertNoErrors().Output), "Id"));
    }

    [Fact]
    public void A_task_of_another_tenant_is_not_found_when_a_tenant_is_given()
    {
        _host.Run("Invoke-TipLookup -Indicator $args[0]", D("tenanted")).AssertNoErrors();
        var id = (int)Prop(Assert.Single(_host.Run("Get-TipTask").AssertNoErrors().Output), "Id")!;

        foreach (var command in new[] { "Receive-TipTask", "Restart-TipTask", "Stop-TipTask" })
        {
            var error = Assert.Single(_host.Run(command + " -Id $args[0] -Tenant Other", id).Errors);
            Assert.StartsWith("TipTaskNotFound,", error.FullyQualifiedErrorId);
            Assert.Contains("'Other'", error.Exception.Message);
        }
        Assert.Single(_host.Run("Receive-TipTask -Id $args[0] -Tenant main", id).AssertNoErrors().Output);
        Assert.Single(_sim.RequestsFor(D("tenanted")));
    }
}
