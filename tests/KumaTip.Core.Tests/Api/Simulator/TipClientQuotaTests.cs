using KumaTip.Core.Api;
using KumaTip.Core.Tests.Api.Infrastructure;
using KumaTip.Simulator;

namespace KumaTip.Core.Tests.Api.Simulator;

/// <summary>A normal account spending its day quota on a simulator of its own.</summary>
public sealed class TipClientQuotaTests
{
    [Fact]
    public async Task Spending_the_day_quota_turns_the_next_lookup_into_quota_exceeded()
    {
        using var directory = new TempDirectory();
        await using var sim = await TipSimulator.StartAsync(new TipSimulatorOptions { StateDirectory = directory.Path, DayQuota = 2 }, TestClients.TestToken());
        using var client = new TipClient(SimulatorConnection.OptionsFor(sim));
        var zone = new[] { "LicenseInfo", "Zone" };

        await client.LookupAsync(TestClients.Indicator("example.com"), zone, null, TestClients.TestToken());
        await client.LookupAsync(TestClients.Indicator("example.org"), zone, null, TestClients.TestToken());
        var spent = client.LastLicenseInfo;
        var error = await Assert.ThrowsAsync<TipApiException>(() =>
            client.LookupAsync(TestClients.Indicator("github.com"), zone, null, TestClients.TestToken()));

        Assert.True(spent?.QuotaSpent);
        Assert.Equal(TipApiErrorKind.QuotaExceeded, error.Kind);
        Assert.Contains("'github.com'", error.Message);
        Assert.Contains("2 of 2", error.Message);
    }
}
