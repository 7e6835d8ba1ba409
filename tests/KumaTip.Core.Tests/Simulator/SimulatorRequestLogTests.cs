using KumaTip.Simulator;
using static KumaTip.Core.Tests.Simulator.SimulatorHttp;

namespace KumaTip.Core.Tests.Simulator;

public sealed class SimulatorRequestLogTests : IClassFixture<SimulatorFixture>
{
    private readonly SimulatorFixture _fixture;

    public SimulatorRequestLogTests(SimulatorFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Each_request_leaves_one_line_with_what_was_asked_and_answered()
    {
        var client = _fixture.Client();
        await GetAsync(client, "api/url/" + Uri.EscapeDataString("http://log-test.example.com/a/b") + "?sections=Zone,UrlGeneralInfo&count=7");
        await GetAsync(client, "api/hash/00000000aa8a8f36de82e1278abb02f1");

        var entries = _fixture.Simulator.ReadRequestLog();
        var url = Assert.Single(entries, e => e.Value == "http://log-test.example.com/a/b");
        Assert.Equal(_fixture.Simulator.Account.User, url.Account);
        Assert.Equal("url", url.Endpoint);
        Assert.Equal("Zone,UrlGeneralInfo", url.Sections);
        Assert.Equal(7, url.Count);
        Assert.Equal(200, url.Status);
        var missing = Assert.Single(entries, e => e.Value == "00000000aa8a8f36de82e1278abb02f1");
        Assert.Equal(404, missing.Status);
        Assert.Null(missing.Sections);
        Assert.Null(missing.Count);
    }

    [Fact]
    public async Task Concurrent_requests_are_all_logged_whole()
    {
        var client = _fixture.Client();
        var values = Enumerable.Range(0, 64).Select(i => $"concurrent{i}.example.net").ToArray();

        var results = await Task.WhenAll(values.Select(v => GetAsync(client, $"api/domain/{v}?sections=Zone")));

        Assert.All(results, r => Assert.Equal(200, r.Status));
        var logged = _fixture.Simulator.ReadRequestLog().Select(e => e.Value).Where(v => v.StartsWith("concurrent", StringComparison.Ordinal));
        Assert.Equal(values.Order(), logged.Order());
    }

    [Fact]
    public async Task Rejected_and_dropped_requests_are_logged_with_their_status()
    {
        var wrong = _fixture.Simulator.Account with { Password = "nope" };
        using (var bad = SimulatorHttp.CreateClient(_fixture.Simulator, wrong))
        {
            await GetAsync(bad, "api/domain/rejected.example.com");
        }

        await Assert.ThrowsAsync<HttpRequestException>(() => _fixture.Client().GetAsync("api/domain/sim-dropalways-logged.example.com"));

        var entries = _fixture.Simulator.ReadRequestLog();
        Assert.Equal(401, Assert.Single(entries, e => e.Value == "rejected.example.com").Status);
        Assert.Equal(0, Assert.Single(entries, e => e.Value == "sim-dropalways-logged.example.com").Status);
    }
}
