using KumaTip.Core.Api;
using KumaTip.Core.Tests.Api.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace KumaTip.Core.Tests.Api;

/// <summary>
/// A server that accepts connections and never answers (issue 17, point 5): each attempt has its timeout, each lookup its
/// budget, and repeated timeouts open the circuit. Timeouts are short here so the tests are quick; they assert attempts,
/// kinds and breaker state, never elapsed time.
/// </summary>
public sealed class TipClientSilentServerTests
{
    private static TipConnectionOptions Options(Uri endpoint, TimeSpan attemptTimeout, int maxRetries, TimeSpan totalTimeout)
    {
        var options = TestClients.OptionsFor(endpoint);
        options.AttemptTimeout = attemptTimeout;
        options.MaxRetries = maxRetries;
        options.TotalTimeout = totalTimeout;
        return options;
    }

    private static Task<TipApiResponse> LookUp(TipClient client, string value) =>
        client.LookupAsync(TestClients.Indicator(value), new[] { "Zone" }, 1, TestClients.TestToken());

    [Fact]
    public void Defaults_suit_a_portal_that_answers_in_about_a_second()
    {
        var options = new TipConnectionOptions();

        Assert.Equal(TimeSpan.FromSeconds(15), options.AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), options.TotalTimeout);
        Assert.Equal(4, options.MaxRetries);
        // One lookup's attempts (at most MaxRetries + 1) can never open the breaker alone.
        Assert.True(TipClient.BreakerMinimumThroughput(options.MaxRetries) > options.MaxRetries + 1);
    }

    [Fact]
    public async Task Attempt_without_an_answer_times_out_and_each_retry_says_why_and_how_long_it_waits()
    {
        await using var server = new SilentServer();
        using var client = new TipClient(Options(server.BaseAddress, TimeSpan.FromMilliseconds(200), maxRetries: 2, TimeSpan.FromMinutes(5)));
        var retries = new List<TipRetryEventArgs>();
        client.Retrying += (_, e) => { lock (retries) retries.Add(e); };

        var error = await Assert.ThrowsAsync<TipApiException>(() => LookUp(client, "example.com"));

        Assert.Equal(TipApiErrorKind.Timeout, error.Kind);
        Assert.Contains("within 0.2 s per attempt, after 3 attempts", error.Message);
        Assert.Contains("Test-TipConnection", error.Message);
        Assert.Equal(new[] { 1, 2 }, retries.Select(r => r.AttemptNumber));
        Assert.All(retries, r =>
        {
            Assert.Equal("no answer within 0.2 s", r.Reason);
            Assert.Null(r.StatusCode);
            Assert.Equal(3, r.MaxAttempts);
        });
        Assert.StartsWith("Attempt 1 of 3 to look up the domain 'example.com' failed (no answer within 0.2 s); trying again in ", retries[0].Message);
        Assert.False(retries[0].Message.Contains(TestClients.Password, StringComparison.Ordinal), "a secret appears in the text");
        Assert.InRange(server.Accepted, 1, 3);
    }

    [Fact]
    public async Task A_lookup_ends_when_its_budget_is_spent_whatever_its_attempts_would_allow()
    {
        await using var server = new SilentServer();
        // Attempts that would wait for ever and retries to spare: only the budget can end this lookup.
        using var client = new TipClient(Options(server.BaseAddress, TimeSpan.FromMinutes(10), maxRetries: 4, TimeSpan.FromMilliseconds(300)));
        var retries = 0;
        client.Retrying += (_, _) => Interlocked.Increment(ref retries);

        var error = await Assert.ThrowsAsync<TipApiException>(() => LookUp(client, "example.com"));

        Assert.Equal(TipApiErrorKind.Timeout, error.Kind);
        Assert.Contains("within 0.3 s, the time one lookup may take with its retries (1 attempt)", error.Message);
        Assert.Equal(0, retries);
        Assert.Equal(1, server.Accepted);
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_budget_left_fails_at_once_as_rate_limited()
    {
        await using var server = await ScriptedTipServer.StartAsync((c, _) =>
        {
            c.Response.Headers.RetryAfter = "30";
            c.Response.StatusCode = 429;
            return c.Response.WriteAsync("slow down");
        });
        var options = Options(server.BaseAddress, TimeSpan.FromSeconds(30), maxRetries: 4, TimeSpan.FromSeconds(10));
        options.MaxRetryAfter = TimeSpan.FromMinutes(2);
        using var client = new TipClient(options);

        var error = await Assert.ThrowsAsync<TipApiException>(() => LookUp(client, "example.com"));

        Assert.Equal(TipApiErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
        Assert.Equal(1, server.AttemptsFor("example.com"));
    }

    [Fact]
    public async Task Repeated_timeouts_open_the_circuit_and_later_lookups_fail_at_once_without_connecting()
    {
        await using var server = new SilentServer();
        var options = Options(server.BaseAddress, TimeSpan.FromMilliseconds(200), maxRetries: 4, TimeSpan.FromMinutes(5));
        options.ThrottleLimit = 4;
        using var client = new TipClient(options);
        var values = Enumerable.Range(1, 6).Select(i => $"h{i}.example.com").ToList();

        var errors = await Task.WhenAll(values.Select(v => Assert.ThrowsAsync<TipApiException>(() => LookUp(client, v))));

        // Before: 6 lookups x 5 attempts, each waiting out its timeout. Now the breaker opens after a round of timeouts.
        Assert.All(errors, e => Assert.Contains(e.Kind, new[] { TipApiErrorKind.CircuitOpen, TipApiErrorKind.Timeout }));
        Assert.Contains(errors, e => e.Kind == TipApiErrorKind.CircuitOpen);
        var accepted = server.Accepted;
        Assert.True(accepted < values.Count * 5, $"{accepted} connections for {values.Count} lookups: the circuit did not stop the attempts");

        var blocked = await Assert.ThrowsAsync<TipApiException>(() => LookUp(client, "after.example.com"));

        Assert.Equal(TipApiErrorKind.CircuitOpen, blocked.Kind);
        Assert.Contains("is not answering", blocked.Message);
        Assert.Contains("no answer within 0.2 s", blocked.Message);
        Assert.Contains("'after.example.com' was not sent", blocked.Message);
        Assert.Equal(accepted, server.Accepted);
    }

    [Fact]
    public async Task One_indicator_the_portal_keeps_failing_does_not_open_the_circuit_for_the_others()
    {
        await using var server = await ScriptedTipServer.StartAsync((c, r) =>
        {
            c.Response.StatusCode = r.Value == "poison.example.com" ? 500 : 200;
            c.Response.ContentType = "application/json";
            return c.Response.WriteAsync("{}");
        });
        var options = Options(server.BaseAddress, TimeSpan.FromSeconds(30), maxRetries: 4, TimeSpan.FromMinutes(5));
        using var client = new TipClient(options);

        var poisoned = await Assert.ThrowsAsync<TipApiException>(() => LookUp(client, "poison.example.com"));
        var next = await LookUp(client, "fine.example.com");

        Assert.Equal(TipApiErrorKind.ServerError, poisoned.Kind);
        Assert.Equal(5, server.AttemptsFor("poison.example.com"));
        Assert.True(next.Found);
    }
}
