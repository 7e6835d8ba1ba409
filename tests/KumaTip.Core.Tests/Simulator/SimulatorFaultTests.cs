using KumaTip.Simulator;
using static KumaTip.Core.Tests.Simulator.SimulatorHttp;

namespace KumaTip.Core.Tests.Simulator;

/// <summary>Fault prefixes and runtime faults. Runtime faults change the shared instance, so they are reset after use.</summary>
public sealed class SimulatorFaultTests : IClassFixture<SimulatorFixture>
{
    private readonly SimulatorFixture _fixture;

    public SimulatorFaultTests(SimulatorFixture fixture) => _fixture = fixture;

    private HttpClient Client => _fixture.Client();

    private SimulatorFaults Faults => _fixture.Simulator.Faults;

    [Fact]
    public async Task Rate_limit_prefix_answers_429_with_retry_after_once_then_ok()
    {
        var (first, _, response) = await GetAsync(Client, "api/domain/sim-429-once.example.com?sections=Zone");
        var (second, _, _) = await GetAsync(Client, "api/domain/sim-429-once.example.com?sections=Zone");

        Assert.Equal(429, first);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Equal(200, second);
    }

    [Fact]
    public async Task Rate_limit_always_prefix_never_recovers()
    {
        var (first, _, _) = await GetAsync(Client, "api/domain/sim-429always-x.example.com?sections=Zone");
        var (second, _, _) = await GetAsync(Client, "api/domain/sim-429always-x.example.com?sections=Zone");

        Assert.Equal([429, 429], new[] { first, second });
    }

    [Fact]
    public async Task Unavailable_prefix_answers_an_html_503_once_then_ok()
    {
        var (first, body, response) = await GetAsync(Client, "api/url/sim-503-once.example.com%2Fpage?sections=Zone");
        var (second, _, _) = await GetAsync(Client, "api/url/sim-503-once.example.com%2Fpage?sections=Zone");

        Assert.Equal(503, first);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", body);
        Assert.Equal(200, second);
    }

    [Fact]
    public async Task Unavailable_always_prefix_never_recovers()
    {
        var (first, _, _) = await GetAsync(Client, "api/domain/a.sim-503always-x.com?sections=Zone");
        var (second, _, _) = await GetAsync(Client, "api/domain/a.sim-503always-x.com?sections=Zone");

        Assert.Equal([503, 503], new[] { first, second });
    }

    [Fact]
    public async Task Malformed_prefix_answers_200_with_a_body_that_is_not_json()
    {
        var (status, body, _) = await GetAsync(Client, "api/domain/sim-malformed-x.example.com");

        Assert.Equal(200, status);
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => System.Text.Json.JsonDocument.Parse(body));
    }

    [Fact]
    public async Task Drop_prefix_aborts_the_connection_once_then_ok()
    {
        await Assert.ThrowsAsync<HttpRequestException>(() => Client.GetAsync("api/domain/sim-drop-once.example.com?sections=Zone"));
        var (second, _, _) = await GetAsync(Client, "api/domain/sim-drop-once.example.com?sections=Zone");

        Assert.Equal(200, second);
    }

    [Fact]
    public async Task Drop_always_prefix_aborts_every_time()
    {
        await Assert.ThrowsAsync<HttpRequestException>(() => Client.GetAsync("api/domain/sim-dropalways-x.example.com?sections=Zone"));
        await Assert.ThrowsAsync<HttpRequestException>(() => Client.GetAsync("api/domain/sim-dropalways-x.example.com?sections=Zone"));
    }

    [Fact]
    public async Task Slow_prefix_still_answers()
    {
        var (status, _, _) = await GetAsync(Client, "api/domain/sim-slow-x.example.com?sections=Zone");

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Slow_prefix_request_is_cut_by_a_client_timeout()
    {
        Faults.SlowLatency = TimeSpan.FromMinutes(5);
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client.GetAsync("api/domain/sim-slow-y.example.com?sections=Zone", cancel.Token));
        }
        finally
        {
            Faults.SlowLatency = TimeSpan.FromMilliseconds(50);
        }
    }

    [Fact]
    public async Task Runtime_faults_apply_to_every_lookup_until_switched_off()
    {
        Faults.ForcedStatus = 503;
        var (forced, _, _) = await GetAsync(Client, "api/domain/example.org?sections=Zone");
        Faults.ForcedStatus = null;
        Faults.MalformedJson = true;
        var (malformedStatus, malformedBody, _) = await GetAsync(Client, "api/domain/example.org?sections=Zone");
        Faults.MalformedJson = false;
        Faults.DropConnections = true;
        var dropped = await Record.ExceptionAsync(() => Client.GetAsync("api/domain/example.org?sections=Zone"));
        Faults.DropConnections = false;
        var (healthy, _, _) = await GetAsync(Client, "api/domain/example.org?sections=Zone");

        Assert.Equal(503, forced);
        Assert.Equal(200, malformedStatus);
        Assert.DoesNotContain("\"Zone\":\"Grey\"", malformedBody);
        Assert.IsType<HttpRequestException>(dropped);
        Assert.Equal(200, healthy);
    }

    [Fact]
    public async Task Latency_delays_without_failing_concurrent_requests()
    {
        Faults.Latency = TimeSpan.FromMilliseconds(100);
        try
        {
            var client = Client;
            var tasks = Enumerable.Range(0, 32).Select(i => GetAsync(client, $"api/domain/latency{i}.example.com?sections=Zone"));
            var results = await Task.WhenAll(tasks);

            Assert.All(results, r => Assert.Equal(200, r.Status));
        }
        finally
        {
            Faults.Latency = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task Once_faults_fail_again_after_a_reset()
    {
        var (first, _, _) = await GetAsync(Client, "api/domain/sim-503-reset.example.com?sections=Zone");
        var (second, _, _) = await GetAsync(Client, "api/domain/sim-503-reset.example.com?sections=Zone");
        Faults.ResetOnceFaults();
        var (third, _, _) = await GetAsync(Client, "api/domain/sim-503-reset.example.com?sections=Zone");

        Assert.Equal([503, 200, 503], new[] { first, second, third });
    }
}
