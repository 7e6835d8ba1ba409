using KumaTip.PowerShell.Tests.Infrastructure;

namespace KumaTip.PowerShell.Tests;

/// <summary>
/// Issue 14 point 2 with real processes: two lookups on one data directory reserve from the same ledger before they
/// send, so together they send exactly what the day quota leaves and the portal refuses none; the reservations a
/// killed process leaves behind do not hold the quota. The simulator allows 40 requests a day and refuses the rest
/// with 403, as the portal does.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class CrossProcessQuotaTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private const int DayQuota = 40;

    private readonly string _home = Path.Combine(Path.GetTempPath(), "kumatip-xquota-" + Guid.NewGuid().ToString("N"));
    private readonly string _tag = "q" + Guid.NewGuid().ToString("N").Substring(0, 8);
    private SimulatorHost _sim = null!;
    private ModuleHost _host = null!;

    public async Task InitializeAsync()
    {
        _sim = await SimulatorHost.StartAsync(o =>
        {
            o.DayQuota = DayQuota;
            o.SlowLatency = TimeSpan.FromMinutes(10);
        });
        Directory.CreateDirectory(_home);
        _host = new ModuleHost(_home);
        _sim.Configure(_host);
        // Three spent, and today's quota seen: 37 left.
        _host.Run("$args | Invoke-TipLookup | Out-Null", D("w1"), D("w2"), D("w3")).AssertNoErrors();
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _sim.DisposeAsync();
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private string D(string label) => label + "-" + _tag + ".example.com";

    private string[] Values(string prefix, int count) => Enumerable.Range(0, count).Select(i => D(prefix + i)).ToArray();

    private string Script(string name, string text)
    {
        var path = Path.Combine(_home, name + ".ps1");
        File.WriteAllText(path, text);
        return path;
    }

    private int Answered => _sim.RequestsWith(_tag).Count(r => r.Status is 200 or 404);

    private int Refused => _sim.RequestsWith(_tag).Count(r => r.Status == 403);

    [Fact]
    public async Task Two_processes_on_one_data_directory_send_exactly_what_the_quota_leaves_and_none_is_refused()
    {
        _sim.Simulator.Faults.Latency = TimeSpan.FromMilliseconds(30);
        // Both wait for one signal, so their requests are on the wire at the same time (not one after the other).
        var go = Path.Combine(_home, "go");
        var lookup = Script("lookup", """
            $go = $args[0]
            'READY'
            while (-not [System.IO.File]::Exists($go)) { [System.Threading.Thread]::Sleep(10) }
            $args[1..($args.Count - 1)] | Invoke-TipLookup -ThrottleLimit 16 -WarningAction SilentlyContinue | ForEach-Object { 'GOT ' + $_.Indicator }
            """);
        using var a = ScriptProcess.Start(_home, lookup, new[] { go }.Concat(Values("a", 250)).ToArray());
        using var b = ScriptProcess.Start(_home, lookup, new[] { go }.Concat(Values("b", 250)).ToArray());
        await a.WaitForLinesAsync(l => l == "OUT READY", 1, Timeout);
        await b.WaitForLinesAsync(l => l == "OUT READY", 1, Timeout);
        File.WriteAllText(go, "");
        await a.WaitForExitAsync(Timeout);
        await b.WaitForExitAsync(Timeout);

        foreach (var child in new[] { a, b })
        {
            Assert.Contains("DONE", child.Lines);
            Assert.DoesNotContain(child.Lines, l => l.StartsWith("ERR ") || l.StartsWith("THREW ") || l.StartsWith("STDERR "));
        }
        Assert.Equal(DayQuota, Answered);
        // None refused: the once-seen refusal was the licence snapshot dropping a higher count stamped earlier (fixed).
        Assert.Equal(0, Refused);
        Assert.Equal(DayQuota - 3, a.Lines.Concat(b.Lines).Count(l => l.StartsWith("OUT GOT ")));
        var license = _host.Run("Get-TipLicense").AssertNoErrors().Output.Single();
        Assert.Equal(0, license.Properties["Remaining"].Value);
        // Every reservation was settled and booked: the next lookup sends nothing at all.
        var before = _sim.RequestsWith(_tag).Count;
        _host.Run("Invoke-TipLookup $args[0] -WarningAction SilentlyContinue | Out-Null", D("after")).AssertNoErrors();
        Assert.Equal(before, _sim.RequestsWith(_tag).Count);
    }

    [Fact]
    public async Task The_reservations_of_a_killed_process_do_not_hold_the_quota_for_the_next_one()
    {
        // Its requests never get an answer: it is killed while they are on the wire, holding 16 reservations.
        var slow = Enumerable.Range(0, 16).Select(i => D("sim-slow-k" + i)).ToArray();
        var received = 0;
        _sim.RequestReceived += target => { if (target.Contains("sim-slow-k", StringComparison.OrdinalIgnoreCase)) Interlocked.Increment(ref received); };
        var lookup = Script("slow", "$args | Invoke-TipLookup -ThrottleLimit 16");
        using (var child = ScriptProcess.Start(_home, lookup, slow))
        {
            // Each request reserved its share before it was sent: 16 on the wire are 16 reservations.
            await WaitUntilAsync(() => Volatile.Read(ref received) == 16, child);
            child.Kill();
        }

        // Without reclaiming them this run would send 21 and then wait for the lease to end (minutes).
        var outputs = _host.Run("$args[0] | Invoke-TipLookup -ThrottleLimit 16 -WarningAction SilentlyContinue", (object)Values("n", 60)).AssertNoErrors().Output;

        // The portal never counted the killed requests (no answer came): all 37 left are spent now, none refused.
        Assert.Equal(DayQuota - 3, outputs.Count);
        Assert.Equal(DayQuota, Answered);
        // None refused: the once-seen refusal was the licence snapshot dropping a higher count stamped earlier (fixed).
        Assert.Equal(0, Refused);
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
}
