using KumaTip.Simulator;

namespace KumaTip.Core.Tests.Simulator;

public sealed class SimulatorLifetimeTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Restart_on_the_same_folder_reuses_the_ca_and_the_accounts()
    {
        using var directory = new TempDirectory();
        var options = SimulatorFixture.DefaultOptions(directory.Path);
        string firstCa;
        SimulatorAccount firstAccount;
        await using (var first = await TipSimulator.StartAsync(options).WaitAsync(Guard))
        {
            firstCa = await File.ReadAllTextAsync(first.CaPemPath);
            firstAccount = first.Account;
        }

        await using var second = await TipSimulator.StartAsync(options).WaitAsync(Guard);
        using var client = SimulatorHttp.CreateClient(second, firstAccount);
        var (status, _, _) = await SimulatorHttp.GetAsync(client, "api/domain/example.com?sections=Zone");

        Assert.Equal(firstCa, await File.ReadAllTextAsync(second.CaPemPath));
        Assert.Equal(firstAccount, second.Account);
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Stopping_ends_a_request_that_is_still_waiting()
    {
        using var directory = new TempDirectory();
        var options = SimulatorFixture.DefaultOptions(directory.Path);
        options.SlowLatency = TimeSpan.FromMinutes(10);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        options.RequestReceived = _ => arrived.TrySetResult();
        var simulator = await TipSimulator.StartAsync(options).WaitAsync(Guard);
        using var client = SimulatorHttp.CreateClient(simulator, simulator.Account);
        client.Timeout = Guard;
        var pending = client.GetAsync("api/domain/sim-slow-stop.example.com?sections=Zone");
        await arrived.Task.WaitAsync(Guard);

        await simulator.DisposeAsync().AsTask().WaitAsync(Guard);

        var outcome = await Record.ExceptionAsync(() => pending.WaitAsync(Guard));
        Assert.IsType<HttpRequestException>(outcome);
    }

    [Fact]
    public async Task Start_without_a_state_folder_is_refused_with_a_clear_message()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => TipSimulator.StartAsync(new TipSimulatorOptions()));

        Assert.Contains("StateDirectory", error.Message);
    }
}
