using System.Management.Automation;
using KumaTip.PowerShell.Tests.Infrastructure;

namespace KumaTip.PowerShell.Tests;

/// <summary>
/// What only separate processes show: a lookup killed with SIGKILL mid-task and finished by another process, and two
/// processes sharing one data directory. Children run tests/KumaTip.ScriptHost; tests wait for their output lines.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class CrossProcessLookupTests : IClassFixture<SimulatorHost>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private readonly SimulatorHost _sim;
    private readonly string _home = Path.Combine(Path.GetTempPath(), "kumatip-xproc-" + Guid.NewGuid().ToString("N"));
    private readonly ModuleHost _host;
    private readonly string _tag = "t" + Guid.NewGuid().ToString("N").Substring(0, 8);

    public CrossProcessLookupTests(SimulatorHost sim)
    {
        _sim = sim;
        _sim.Simulator.Faults.Latency = TimeSpan.Zero;
        _sim.Simulator.Faults.SlowLatency = TimeSpan.FromMilliseconds(50);
        Directory.CreateDirectory(_home);
        _host = new ModuleHost(_home);
        _sim.Configure(_host);
    }

    public void Dispose()
    {
        _sim.Simulator.Faults.SlowLatency = TimeSpan.FromMilliseconds(50);
        _sim.Simulator.Faults.Latency = TimeSpan.Zero;
        _host.Dispose();
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private string D(string label) => label + "-" + _tag + ".example.com";

    private static object? Prop(PSObject o, string name) => o.Properties[name]?.Value;

    private string Script(string name, string text)
    {
        var path = Path.Combine(_home, name + ".ps1");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task A_lookup_killed_mid_task_is_finished_by_Restart_in_another_process_without_buying_a_finished_item_twice()
    {
        _sim.Simulator.Faults.SlowLatency = TimeSpan.FromMinutes(10);
        var fast = new[] { D("k1"), D("k2"), D("k3") };
        var slow = new[] { D("sim-slow-k4"), D("sim-slow-k5") };
        var lookup = Script("lookup", "$args | Invoke-TipLookup -ThrottleLimit 8");

        using (var child = ScriptProcess.Start(_home, lookup, fast.Concat(slow).ToArray()))
        {
            // Outputs come in input order and only after the answer is stored: three lines = three items done.
            await child.WaitForLinesAsync(l => l.StartsWith("OUT "), 3, Timeout);
            child.Kill();
            Assert.DoesNotContain(child.Lines, l => l == "DONE");
        }

        var abandoned = Assert.Single(_host.Run("Get-TipTask").AssertNoErrors().Output);
        Assert.Equal("Abandoned", Prop(abandoned, "Status")!.ToString());
        Assert.Equal(true, Prop(abandoned, "Abandoned"));
        Assert.Equal(true, Prop(abandoned, "InputComplete"));
        Assert.Equal(3, Prop(abandoned, "Done"));

        _sim.Simulator.Faults.SlowLatency = TimeSpan.FromMilliseconds(50);
        var restart = Script("restart", "Get-TipTask | Where-Object Abandoned | Restart-TipTask");
        using (var child = ScriptProcess.Start(_home, restart))
        {
            await child.WaitForExitAsync(Timeout);
            Assert.Contains(child.Lines, l => l.StartsWith("OUT Task ") && l.Contains("Completed 5/5"));
            Assert.DoesNotContain(child.Lines, l => l.StartsWith("ERR "));
        }

        Assert.All(fast, v => Assert.Single(_sim.RequestsFor(v), r => r.Status == 200));
        Assert.All(slow, v => Assert.Contains(_sim.RequestsFor(v), r => r.Status == 200));
        Assert.Equal(5, _host.Run("Get-TipLookup").AssertNoErrors().Output.Count);
    }

    [Fact]
    public async Task A_run_killed_before_it_recorded_all_its_rows_is_not_reported_Completed_by_Restart()
    {
        _sim.Simulator.Faults.SlowLatency = TimeSpan.FromMinutes(10);
        var rows = Enumerable.Range(0, 20).Select(i => D("sim-slow-r" + i)).ToArray();
        // One request at a time: the task records its items a few ahead of the requests, never all 20 at once.
        var lookup = Script("lookup", "$args | Invoke-TipLookup -ThrottleLimit 1");

        using (var child = ScriptProcess.Start(_home, lookup, rows))
        {
            // The heartbeat writes how many rows reached the run; wait for all 20, then kill it mid-request.
            await WaitUntilAsync(() => _host.Run("Get-TipTask").Output.Any(t => Equals(Prop(t, "Received"), 20)), child);
            child.Kill();
        }

        var killed = Assert.Single(_host.Run("Get-TipTask").AssertNoErrors().Output);
        Assert.Equal("Abandoned", Prop(killed, "Status")!.ToString());
        Assert.Equal(false, Prop(killed, "InputComplete"));
        var recorded = (int)Prop(killed, "Total")!;
        Assert.InRange(recorded, 1, 19);

        _sim.Simulator.Faults.SlowLatency = TimeSpan.FromMilliseconds(50);
        var restart = Script("restart", "Get-TipTask | Where-Object Status -eq Abandoned | Restart-TipTask");
        using (var child = ScriptProcess.Start(_home, restart))
        {
            await child.WaitForExitAsync(Timeout);
            Assert.Contains(child.Lines, l => l.StartsWith("OUT Task ") && l.Contains("PartiallyCompleted " + recorded + "/" + recorded));
            Assert.Contains(child.Lines, l => l.StartsWith("WARN ") && l.Contains("20 row(s) had reached it") && l.Contains("run the same input again"));
        }
        var finished = Assert.Single(_host.Run("Get-TipTask").AssertNoErrors().Output);
        Assert.Contains("ended before it had recorded all of its input", (string)Prop(finished, "Message")!);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, ScriptProcess child)
    {
        using var cancel = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            if (child.HasExited) throw new Xunit.Sdk.XunitException("The lookup ended before the condition held:\n" + string.Join("\n", child.Lines));
            await Task.Delay(100, cancel.Token);
        }
    }

    [Fact]
    public async Task Two_processes_sharing_one_data_directory_both_finish_with_everything_cached()
    {
        _sim.Simulator.Faults.Latency = TimeSpan.FromMilliseconds(20);
        var shared = Enumerable.Range(0, 10).Select(i => D("shared" + i));
        var first = shared.Concat(Enumerable.Range(0, 15).Select(i => D("first" + i))).ToArray();
        var second = shared.Concat(Enumerable.Range(0, 15).Select(i => D("second" + i))).Reverse().ToArray();
        var lookup = Script("lookup", "$args | Invoke-TipLookup");

        using var a = ScriptProcess.Start(_home, lookup, first);
        using var b = ScriptProcess.Start(_home, lookup, second);
        await a.WaitForExitAsync(Timeout);
        await b.WaitForExitAsync(Timeout);

        foreach (var child in new[] { a, b })
        {
            Assert.Contains("DONE", child.Lines);
            Assert.DoesNotContain(child.Lines, l => l.StartsWith("ERR ") || l.StartsWith("THREW ") || l.StartsWith("STDERR "));
            Assert.Equal(25, child.Lines.Count(l => l.StartsWith("OUT ")));
        }
        Assert.Equal(40, _host.Run("Get-TipLookup").AssertNoErrors().Output.Count);
        var tasks = _host.Run("Get-TipTask").AssertNoErrors().Output;
        Assert.Equal(2, tasks.Select(t => Prop(t, "Id")).Distinct().Count());
        Assert.All(tasks, t => Assert.Equal("Completed", Prop(t, "Status")!.ToString()));
    }
}
