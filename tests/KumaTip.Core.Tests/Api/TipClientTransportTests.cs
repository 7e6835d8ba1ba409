using System.Net;
using KumaTip.Core.Api;
using KumaTip.Core.Tests.Api.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace KumaTip.Core.Tests.Api;

/// <summary>The client over real HTTPS with mutual TLS against a scripted Kestrel server.</summary>
public sealed class TipClientTransportTests
{
    private const string OkBody = """{"LicenseInfo":{"AccessType":"Commercial","DayRequests":7,"DayQuota":100,"TokenExpirationDate":null},"Zone":"Green","DomainGeneralInfo":{"Domain":"example.com","HitsCount":10}}""";

    private static Task Json(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body);
    }

    private static Task Html(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html";
        return context.Response.WriteAsync(body);
    }

    [Fact]
    public async Task Found_answer_is_parsed_and_sent_with_basic_auth_and_client_certificate()
    {
        await using var server = await ScriptedTipServer.StartAsync((c, _) => Json(c, 200, OkBody));
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress));

        var response = await client.LookupAsync(TestClients.Indicator("example.com"), new[] { "LicenseInfo", "Zone", "DomainGeneralInfo" }, 5, TestClients.TestToken());

        Assert.True(response.Found);
        Assert.Equal(TipZone.Green, response.Zone);
        Assert.Equal("example.com", response.Sections.DomainGeneralInfo?.Domain);
        Assert.Equal(OkBody, response.RawJson);
        Assert.Equal(100, client.LastLicenseInfo?.DayQuota);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/api/domain/example.com?sections=LicenseInfo,Zone,DomainGeneralInfo&count=5&format=json", request.RawTarget);
        Assert.StartsWith("Basic ", request.Authorization);
        Assert.Equal("CN=kumatip-client", request.ClientCertificateSubject);
    }

    [Fact]
    public async Task Url_value_travels_as_one_encoded_path_segment()
    {
        await using var server = await ScriptedTipServer.StartAsync((c, _) => Json(c, 200, "{}"));
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress));
        var indicator = TestClients.Indicator("http://dd.daywinners.com/d/VFZvqeP-V1ffkQ.exe?a=1&b=2");

        await client.LookupAsync(indicator, Array.Empty<string>(), null, TestClients.TestToken());

        var request = Assert.Single(server.Requests);
        Assert.StartsWith("/api/url/" + Uri.EscapeDataString(indicator.Value) + "?sections=LicenseInfo,Zone,", request.RawTarget);
        Assert.Contains("%2F", request.RawTarget);
        Assert.DoesNotContain("count=", request.RawTarget);
        Assert.Equal(indicator.Value, request.Value);
    }

    [Fact]
    public async Task Ipv6_goes_to_the_ip_endpoint()
    {
        await using var server = await ScriptedTipServer.StartAsync((c, _) => Json(c, 200, "{}"));
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress));

        await client.LookupAsync(TestClients.Indicator("2001:db8::1"), new[] { "Zone" }, 1, TestClients.TestToken());

        Assert.StartsWith("/api/ip/2001%3Adb8%3A%3A1?", Assert.Single(server.Requests).RawTarget);
    }

    [Fact]
    public async Task Value_over_2000_characters_is_refused_before_sending()
    {
        await using var server = await ScriptedTipServer.StartAsync((c, _) => Json(c, 200, "{}"));
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress));
        var indicator = TestClients.Indicator("http://example.com/" + new string('a', 1990));

        var error = await Assert.ThrowsAsync<TipApiException>(() => client.LookupAsync(indicator, Array.Empty<string>(), null, TestClients.TestToken()));

        Assert.Equal(TipApiErrorKind.UriTooLong, error.Kind);
        Assert.Contains("example.com", error.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Not_found_is_a_result_not_an_error()
    {
        await using var server = await ScriptedTipServer.StartAsync((c, _) => Html(c, 404, "<html><body>Not found</body></html>"));
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress));

        var response = await client.LookupAsync(TestClients.Indicator("unknown.example.org"), Array.Empty<string>(), null, TestClients.TestToken());

        Assert.False(response.Found);
        Assert.Equal(404, response.StatusCode);
        Assert.Equal(TipZone.Grey, response.Zone);
        Assert.Equal("{}", response.RawJson);
        Assert.Equal(1, server.AttemptsFor("unknown.example.org"));
    }

    [Fact]
    public async Task Unauthorized_says_to_accept_the_terms_is_not_retried_and_leaks_no_secret()
    {
        // The body echoes the password and the Authorization header, as a careless proxy might.
        await using var server = await ScriptedTipServer.StartAsync((c, _) =>
            Html(c, 401, $"<html><head><title>401</title><style>p{{}}</style></head><body><h1>Unauthorized</h1><p>{TestClients.Password} {c.Request.Headers.Authorization}</p></body></html>"));
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress));

        var error = await Assert.ThrowsAsync<TipApiException>(() =>
            client.LookupAsync(TestClients.Indicator("example.com"), Array.Empty<string>(), null, TestClients.TestToken()));

        Assert.Equal(TipApiErrorKind.Unauthorized, error.Kind);
        Assert.Contains("'example.com'", error.Message);
        Assert.Contains("Terms of Use", error.Message);
        Assert.Contains("Unauthorized", error.Message);
        Assert.False(error.Message.Contains(TestClients.Password, StringComparison.Ordinal), "a secret appears in the text");
        Assert.False(error.Message.Contains(server.Requests[0].Authorization.Substring(6), StringComparison.Ordinal), "a secret appears in the text");
        Assert.DoesNotContain("<", error.Message);
        Assert.Equal(1, server.AttemptsFor("example.com"));
    }

    [Fact]
    public async Task Secret_echoed_where_the_message_is_cut_leaves_no_part_of_it()
    {
        // The password starts just before the 200-character cap, so cutting first would leave its beginning.
        await using var server = await ScriptedTipServer.StartAsync((c, _) =>
            Html(c, 401, $"<p>{new string('x', 190)} {TestClients.Password}</p>"));
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress));

        var error = await Assert.ThrowsAsync<TipApiException>(() =>
            client.LookupAsync(TestClients.Indicator("example.com"), Array.Empty<string>(), null, TestClients.TestToken()));

        Assert.Equal(TipApiErrorKind.Unauthorized, error.Kind);
        Assert.False(error.Message.Contains(TestClients.Password.Substring(0, 6), StringComparison.Ordinal), "the beginning of the password appears in the message");
    }

    [Fact]
    public async Task Proxy_basic_token_echoed_by_a_page_is_scrubbed()
    {
        const string proxyUser = "proxy-user";
        const string proxyPassword = "proxy-Pass-123";
        var proxyToken = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(proxyUser + ":" + proxyPassword));
        await using var server = await ScriptedTipServer.StartAsync((c, _) => Html(c, 401, $"<p>Proxy-Authorization: Basic {proxyToken}</p>"));
        var options = TestClients.OptionsFor(server.BaseAddress);
        options.ProxyUser = proxyUser;
        options.ProxyPassword = proxyPassword;
        using var client = new TipClient(options);

        var error = await Assert.ThrowsAsync<TipApiException>(() =>
            client.LookupAsync(TestClients.Indicator("example.com"), Array.Empty<string>(), null, TestClients.TestToken()));

        Assert.False(error.Message.Contains(proxyToken, StringComparison.Ordinal), "the proxy's Basic token appears in the message");
    }

    [Fact]
    public async Task Forbidden_without_quota_words_is_no_api_access()
    {
        await using var server = await ScriptedTipServer.StartAsync((c, _) => Html(c, 403, "<h1>Forbidden</h1>"));
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress));

        var error = await Assert.ThrowsAsync<TipApiException>(() =>
            client.LookupAsync(TestClients.Indicator("example.com"), Array.Empty<string>(), null, TestClients.TestToken()));

        Assert.Equal(TipApiErrorKind.Forbidden, error.Kind);
        Assert.Contains("no access to the Threat Lookup API", error.Message);
        Assert.True(error.StopsBatch);
        Assert.Equal(1, server.AttemptsFor("example.com"));
    }

    [Fact]
    public async Task Forbidden_with_spent_license_is_quota_exceeded_and_updates_license_info()
    {
        await using var server = await ScriptedTipServer.StartAsync((c, _) =>
            Json(c, 403, """{"LicenseInfo":{"AccessType":"Commercial","DayRequests":100,"DayQuota":100}}"""));
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress));

        var error = await Assert.ThrowsAsync<TipApiException>(() =>
            client.LookupAsync(TestClients.Indicator("example.com"), Array.Empty<string>(), null, TestClients.TestToken()));

        Assert.Equal(TipApiErrorKind.QuotaExceeded, error.Kind);
        Assert.Contains("100 of 100", error.Message);
        Assert.True(client.LastLicenseInfo?.QuotaSpent);
    }

    [Fact]
    public async Task Forbidden_naming_the_quota_in_text_is_quota_exceeded()
    {
        await using var server = await ScriptedTipServer.StartAsync((c, _) => Html(c, 403, "<p>Daily request quota exceeded</p>"));
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress));

        var error = await Assert.ThrowsAsync<TipApiException>(() =>
            client.LookupAsync(TestClients.Indicator("example.com"), Array.Empty<string>(), null, TestClients.TestToken()));

        Assert.Equal(TipApiErrorKind.QuotaExceeded, error.Kind);
    }

    [Theory]
    [InlineData(400, TipApiErrorKind.BadRequest)]
    [InlineData(414, TipApiErrorKind.UriTooLong)]
    public async Task Client_errors_name_the_value_and_are_not_retried(int status, TipApiErrorKind kind)
    {
        await using var server = await ScriptedTipServer.StartAsync((c, _) => Html(c, status, "<p>Request not processed: incorrect query</p>"));
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress));

        var error = await Assert.ThrowsAsync<TipApiException>(() =>
            client.LookupAsync(TestClients.Indicator("example.com"), Array.Empty<string>(), null, TestClients.TestToken()));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(status, error.StatusCode);
        Assert.Contains("'example.com'", error.Message);
        Assert.Contains("incorrect query", error.Message);
        Assert.Equal(1, server.AttemptsFor("example.com"));
    }

    [Fact]
    public async Task Rate_limit_is_retried_after_the_portals_retry_after()
    {
        await using var server = await ScriptedTipServer.StartAsync((c, r) =>
        {
            if (r.Attempt <= 2)
            {
                c.Response.Headers.RetryAfter = "3";
                return Json(c, 429, "{}");
            }

            return Json(c, 200, OkBody);
        });
        var options = TestClients.OptionsFor(server.BaseAddress);
        // The scaled clock shortens the budget too; this test is about Retry-After, not the budget.
        options.TotalTimeout = TimeSpan.FromHours(1);
        using var client = new TipClient(options, new ScaledTimeProvider(100));
        var retries = new List<TipRetryEventArgs>();
        var events = new List<string>();
        client.Retrying += (_, e) => { lock (retries) { retries.Add(e); events.Add("wait after " + e.AttemptNumber); } };
        client.RetryAttemptStarting += (_, e) => { lock (retries) events.Add("send " + e.AttemptNumber + " " + e.Indicator.Value); };

        var response = await client.LookupAsync(TestClients.Indicator("example.com"), Array.Empty<string>(), null, TestClients.TestToken());

        Assert.True(response.Found);
        Assert.Equal(3, server.AttemptsFor("example.com"));
        Assert.Equal(new[] { 1, 2 }, retries.Select(r => r.AttemptNumber));
        // Each retry says when its wait is over and it goes on the wire (the first attempt is no retry).
        Assert.Equal(new[] { "wait after 1", "send 2 example.com", "wait after 2", "send 3 example.com" }, events);
        Assert.All(retries, r =>
        {
            Assert.Equal(TimeSpan.FromSeconds(3), r.Delay);
            Assert.True(r.FromRetryAfter);
            Assert.Equal(429, r.StatusCode);
        });
    }

    [Theory]
    [InlineData("text/html", "<p>Daily request quota exceeded</p>")]
    [InlineData("application/json", """{"LicenseInfo":{"AccessType":"Commercial","DayRequests":100,"DayQuota":100}}""")]
    public async Task Rate_limit_for_a_spent_quota_is_quota_exceeded_and_not_retried(string contentType, string body)
    {
        await using var server = await ScriptedTipServer.StartAsync((c, _) =>
        {
            c.Response.Headers.RetryAfter = "1";
            c.Response.StatusCode = 429;
            c.Response.ContentType = contentType;
            return c.Response.WriteAsync(body);
        });
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress));

        var error = await Assert.ThrowsAsync<TipApiException>(() =>
            client.LookupAsync(TestClients.Indicator("example.com"), Array.Empty<string>(), null, TestClients.TestToken()));

        Assert.Equal(TipApiErrorKind.QuotaExceeded, error.Kind);
        Assert.True(error.StopsBatch);
        Assert.Equal(1, server.AttemptsFor("example.com"));
    }

    [Fact]
    public async Task Rate_limit_saying_rate_limit_exceeded_is_still_retried()
    {
        await using var server = await ScriptedTipServer.StartAsync((c, r) => r.Attempt == 1 ? Html(c, 429, "<p>Rate limit exceeded</p>") : Json(c, 200, OkBody));
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress));

        var response = await client.LookupAsync(TestClients.Indicator("example.com"), Array.Empty<string>(), null, TestClients.TestToken());

        Assert.True(response.Found);
        Assert.Equal(2, server.AttemptsFor("example.com"));
    }

    [Fact]
    public async Task Retry_after_longer_than_the_cap_fails_at_once_as_rate_limited()
    {
        await using var server = await ScriptedTipServer.StartAsync((c, _) =>
        {
            c.Response.Headers.RetryAfter = "3600";
            return Json(c, 429, "{}");
        });
        var options = TestClients.OptionsFor(server.BaseAddress);
        options.MaxRetryAfter = TimeSpan.FromMinutes(2);
        using var client = new TipClient(options);

        var error = await Assert.ThrowsAsync<TipApiException>(() =>
            client.LookupAsync(TestClients.Indicator("example.com"), Array.Empty<string>(), null, TestClients.TestToken()));

        Assert.Equal(TipApiErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromHours(1), error.RetryAfter);
        Assert.Equal(1, server.AttemptsFor("example.com"));
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_then_reported()
    {
        await using var server = await ScriptedTipServer.StartAsync((c, _) => Html(c, 503, "<html><body><h1>Service Unavailable</h1></body></html>"));
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress));
        var retries = new List<TipRetryEventArgs>();
        client.Retrying += (_, e) => { lock (retries) retries.Add(e); };

        var error = await Assert.ThrowsAsync<TipApiException>(() =>
            client.LookupAsync(TestClients.Indicator("example.com"), Array.Empty<string>(), null, TestClients.TestToken()));

        Assert.Equal(TipApiErrorKind.ServerError, error.Kind);
        Assert.Contains("after 3 attempts", error.Message);
        Assert.Contains("Service Unavailable", error.Message);
        Assert.Equal(3, server.AttemptsFor("example.com"));
        Assert.All(retries, r => Assert.False(r.FromRetryAfter));
    }

    [Fact]
    public async Task Server_error_asking_for_too_long_a_wait_is_reported_at_once()
    {
        await using var server = await ScriptedTipServer.StartAsync((c, _) =>
        {
            c.Response.Headers.RetryAfter = "3600";
            return Html(c, 503, "<p>Maintenance</p>");
        });
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress));

        var error = await Assert.ThrowsAsync<TipApiException>(() =>
            client.LookupAsync(TestClients.Indicator("example.com"), Array.Empty<string>(), null, TestClients.TestToken()));

        Assert.Equal(TipApiErrorKind.ServerError, error.Kind);
        Assert.Equal(TimeSpan.FromHours(1), error.RetryAfter);
        Assert.Equal(1, server.AttemptsFor("example.com"));
    }

    [Fact]
    public async Task Server_error_retry_after_within_the_cap_is_honoured()
    {
        await using var server = await ScriptedTipServer.StartAsync((c, r) =>
        {
            if (r.Attempt > 1) return Json(c, 200, OkBody);
            c.Response.Headers.RetryAfter = "120";
            return Html(c, 503, "<p>Maintenance</p>");
        });
        var options = TestClients.OptionsFor(server.BaseAddress);
        options.MaxRetryAfter = TimeSpan.FromMinutes(2);
        // A budget that holds the two-minute wait (the scaled clock shortens it as well).
        options.TotalTimeout = TimeSpan.FromHours(1);
        using var client = new TipClient(options, new ScaledTimeProvider(1000));
        var retries = new List<TipRetryEventArgs>();
        client.Retrying += (_, e) => { lock (retries) retries.Add(e); };

        var response = await client.LookupAsync(TestClients.Indicator("example.com"), Array.Empty<string>(), null, TestClients.TestToken());

        Assert.True(response.Found);
        var retry = Assert.Single(retries);
        Assert.Equal(503, retry.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(2), retry.Delay);
        Assert.True(retry.FromRetryAfter);
    }

    [Fact]
    public async Task Repeated_outages_open_the_circuit_and_stop_sending()
    {
        await using var server = await ScriptedTipServer.StartAsync((c, _) => Html(c, 503, "<p>down</p>"));
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress));
        var kinds = new List<TipApiErrorKind>();

        for (var i = 0; i < 10 && !kinds.Contains(TipApiErrorKind.CircuitOpen); i++)
        {
            var error = await Assert.ThrowsAsync<TipApiException>(() =>
                client.LookupAsync(TestClients.Indicator($"h{i}.example.com"), Array.Empty<string>(), null, TestClients.TestToken()));
            kinds.Add(error.Kind);
        }

        Assert.Contains(TipApiErrorKind.CircuitOpen, kinds);
        var sent = server.Requests.Count;
        var blocked = await Assert.ThrowsAsync<TipApiException>(() =>
            client.LookupAsync(TestClients.Indicator("after.example.com"), Array.Empty<string>(), null, TestClients.TestToken()));
        Assert.Equal(TipApiErrorKind.CircuitOpen, blocked.Kind);
        Assert.Contains("'after.example.com'", blocked.Message);
        Assert.Equal(sent, server.Requests.Count);
    }

    [Fact]
    public async Task Dropped_connection_is_retried()
    {
        await using var server = await ScriptedTipServer.StartAsync((c, r) =>
        {
            if (r.Attempt == 1)
            {
                c.Abort();
                return Task.CompletedTask;
            }

            return Json(c, 200, OkBody);
        });
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress));

        var response = await client.LookupAsync(TestClients.Indicator("example.com"), Array.Empty<string>(), null, TestClients.TestToken());

        Assert.True(response.Found);
        Assert.Equal(2, server.AttemptsFor("example.com"));
    }

    [Fact]
    public async Task Attempt_that_gets_no_answer_times_out_and_is_retried()
    {
        await using var server = await ScriptedTipServer.StartAsync((c, _) => Task.Delay(Timeout.Infinite, c.RequestAborted));
        var options = TestClients.OptionsFor(server.BaseAddress);
        options.AttemptTimeout = TimeSpan.FromMilliseconds(500);
        options.MaxRetries = 1;
        using var client = new TipClient(options);

        var error = await Assert.ThrowsAsync<TipApiException>(() =>
            client.LookupAsync(TestClients.Indicator("example.com"), Array.Empty<string>(), null, TestClients.TestToken()));

        Assert.Equal(TipApiErrorKind.Timeout, error.Kind);
        Assert.Contains("'example.com'", error.Message);
    }

    [Fact]
    public async Task Cancellation_reaches_the_request_and_is_not_an_api_error()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await ScriptedTipServer.StartAsync(async (c, _) =>
        {
            arrived.TrySetResult();
            await Task.Delay(Timeout.Infinite, c.RequestAborted);
        });
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestClients.TestToken());

        var lookup = client.LookupAsync(TestClients.Indicator("example.com"), Array.Empty<string>(), null, cts.Token);
        await arrived.Task.WaitAsync(TestClients.TestTimeout);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => lookup.WaitAsync(TestClients.TestTimeout));
        Assert.Equal(1, server.AttemptsFor("example.com"));
    }

    [Fact]
    public async Task Malformed_json_fails_only_its_indicator_in_a_concurrent_batch()
    {
        await using var server = await ScriptedTipServer.StartAsync((c, r) =>
            r.Value == "broken.example.com" ? Json(c, 200, "{\"Zone\":\"Red\", <html>") : Json(c, 200, OkBody));
        using var client = new TipClient(TestClients.OptionsFor(server.BaseAddress));
        var values = Enumerable.Range(1, 7).Select(i => $"host{i}.example.com").Append("broken.example.com").ToList();

        var outcomes = await Task.WhenAll(values.Select(async v =>
        {
            try { return (v, (Exception?)null, (TipApiResponse?)await client.LookupAsync(TestClients.Indicator(v), Array.Empty<string>(), null, TestClients.TestToken())); }
            catch (TipApiException e) { return (v, (Exception?)e, (TipApiResponse?)null); }
        }));

        var failed = Assert.Single(outcomes, o => o.Item2 != null);
        Assert.Equal("broken.example.com", failed.v);
        var error = Assert.IsType<TipApiException>(failed.Item2);
        Assert.Equal(TipApiErrorKind.MalformedResponse, error.Kind);
        Assert.Contains("'broken.example.com'", error.Message);
        Assert.All(outcomes.Where(o => o.Item2 == null), o => Assert.True(o.Item3!.Found));
    }

    [Fact]
    public async Task Concurrency_is_limited_per_endpoint()
    {
        var inFlight = 0;
        var peak = 0;
        await using var server = await ScriptedTipServer.StartAsync(async (c, _) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            await Task.Delay(50);
            Interlocked.Decrement(ref inFlight);
            await Json(c, 200, OkBody);
        });
        var options = TestClients.OptionsFor(server.BaseAddress);
        options.ThrottleLimit = 2;
        using var client = new TipClient(options);

        await Task.WhenAll(Enumerable.Range(1, 8).Select(i =>
            client.LookupAsync(TestClients.Indicator($"h{i}.example.com"), Array.Empty<string>(), null, TestClients.TestToken())));

        Assert.InRange(peak, 1, 2);
        Assert.Equal(8, server.Requests.Count);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
