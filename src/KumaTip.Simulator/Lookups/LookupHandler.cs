using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using KumaTip.Simulator.Accounts;
using KumaTip.Simulator.Data;
using KumaTip.Simulator.Faults;
using KumaTip.Simulator.Logging;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace KumaTip.Simulator.Lookups;

/// <summary>
/// Answers <c>GET /api/{hash|ip|domain|url}/{value}</c>. Order of checks: authentication (Basic with a client
/// certificate, or a Bearer API token), what a token may open, account state, 414, value, parameters, quota, faults,
/// then 404 or the answer. Every request leaves one log line, written before the answer goes out.
/// </summary>
internal sealed class LookupHandler
{
    /// <summary>tip-api.md §2.1: a longer (percent-encoded) value is answered 414.</summary>
    public const int MaxValueLength = 2000;

    /// <summary>tip-api.md §2.1: without <c>count</c>, up to 1000 records per list.</summary>
    public const int DefaultCount = 1000;

    private readonly AccountStore _accounts;
    private readonly RequestLog _log;
    private readonly QuotaCounter _quota;
    private readonly FixtureCatalog _catalog;
    private readonly SimulatorFaults _faults;
    private readonly ErrorResponses _errors;
    private readonly TipSimulatorOptions _options;
    private readonly CancellationToken _stopping;

    public LookupHandler(
        TipSimulatorOptions options, AccountStore accounts, RequestLog log, QuotaCounter quota, FixtureCatalog catalog,
        SimulatorFaults faults, CancellationToken stopping)
    {
        _options = options;
        _accounts = accounts;
        _log = log;
        _quota = quota;
        _catalog = catalog;
        _faults = faults;
        _errors = new ErrorResponses(options.HtmlErrorPages);
        _stopping = stopping;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var entry = new Entry();
        try
        {
            await HandleCoreAsync(context, entry).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested || _stopping.IsCancellationRequested)
        {
            // The client went away or the simulator is stopping: nothing to answer.
            entry.Status ??= 499;
            context.Abort();
        }
        catch (Exception) when (!entry.Logged)
        {
            entry.Status = 500; // a simulator bug; ASP.NET answers 500, and the log says so
            throw;
        }
        finally
        {
            if (entry.Status is { } status && !entry.Logged)
            {
                Log(entry, status);
            }
        }
    }

    private async Task HandleCoreAsync(HttpContext context, Entry entry)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        _options.RequestReceived?.Invoke(rawTarget);
        var query = context.Request.Query;
        entry.Sections = query.TryGetValue("sections", out var s) ? s.ToString() : null;
        entry.Count = int.TryParse(query["count"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsedCount) ? parsedCount : null;
        var (endpoint, rawValue) = SplitTarget(rawTarget);
        entry.Endpoint = endpoint ?? context.Request.Path.Value ?? "";
        entry.Value = rawValue is null ? "" : SafeUnescape(rawValue);
        string authorization = context.Request.Headers.Authorization.ToString();
        var token = BearerToken(authorization);
        string? password = null;
        if (token is null) entry.Account = BasicUser(authorization, out password) ?? "";
        entry.Authentication = token is not null ? "Bearer" : password is not null ? "Basic" : null;
        entry.ClientCertificate = context.Connection.ClientCertificate is not null;

        using var delay = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
        var latency = _faults.Latency;
        if (latency > TimeSpan.Zero) await Task.Delay(latency, delay.Token).ConfigureAwait(false);

        // Authentication first: the portal says nothing about a value to a stranger.
        var now = _options.TimeProvider.GetUtcNow();
        var account = token is not null ? _accounts.AuthenticateToken(token, now)
            : password is null ? null : _accounts.Authenticate(entry.Account, password);
        if (account is null && token is not null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"Kaspersky Threat Intelligence Portal\", error=\"invalid_token\"";
            await Reply(context, entry, 401, () => _errors.Page(context, 401, "Unauthorized",
                "User authentication failed: the API token is not valid, has expired, or was replaced by a newer one.")).ConfigureAwait(false);
            return;
        }

        if (account is null)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"Kaspersky Threat Intelligence Portal\"";
            await Reply(context, entry, 401, () => _errors.Page(context, 401, "Unauthorized", "User authentication failed: check the user name and password.")).ConfigureAwait(false);
            return;
        }

        entry.Account = account.User;
        if (token is null && !entry.ClientCertificate)
        {
            // How the portal answers a user and password without the certificate is not documented (tip-api.md §1 only
            // says both are needed); 403 says "who you are is known, how you came is not enough".
            await Reply(context, entry, 403, () => _errors.Page(context, 403, "Forbidden",
                "A client certificate is required for requests signed in with a user name and password. Connect with the certificate issued for the API, or use an API token.")).ConfigureAwait(false);
            return;
        }

        if (token is not null && !TokenOpens(endpoint))
        {
            // tip-api.md §1, quoting the sandbox help pages.
            await Reply(context, entry, 403, () => _errors.Page(context, 403, "Forbidden",
                "Running requests by using an API token is forbidden for this service. You can use an API token only for running Threat Lookup API requests.")).ConfigureAwait(false);
            return;
        }

        switch (account.Kind)
        {
            case SimulatorAccountKind.TermsNotAccepted:
                await Reply(context, entry, 401, () => _errors.Page(context, 401, "Unauthorized",
                    "You have not accepted the Terms and Conditions. Sign in to the portal in a browser and accept them before using the API.")).ConfigureAwait(false);
                return;
            case SimulatorAccountKind.NoApiAccess:
                await Reply(context, entry, 403, () => _errors.Page(context, 403, "Forbidden",
                    "Access denied: your account does not have access to the Threat Lookup API.")).ConfigureAwait(false);
                return;
            case SimulatorAccountKind.QuotaSpent:
                await QuotaExceeded(context, entry).ConfigureAwait(false);
                return;
        }

        if (!HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.Headers.Allow = "GET";
            await Reply(context, entry, 405, () => ErrorResponses.JsonError(context, 405, "method-not-allowed", "Only GET is supported.")).ConfigureAwait(false);
            return;
        }

        if (endpoint is null || !TryEndpoint(endpoint, out var type) || rawValue is null)
        {
            await Reply(context, entry, 404, () => ErrorResponses.JsonError(context, 404, "not-found", "Unknown endpoint. Use /api/hash|ip|domain|url/{value}.")).ConfigureAwait(false);
            return;
        }

        if (rawValue.Length > MaxValueLength)
        {
            await Reply(context, entry, 414, () => _errors.Page(context, 414, "Request-URI Too Large",
                $"The requested value is {rawValue.Length} characters long; at most {MaxValueLength} are allowed.")).ConfigureAwait(false);
            return;
        }

        var value = LookupValueParser.Parse(type, entry.Value, out var valueError);
        if (value is null)
        {
            await BadRequest(context, entry, "Request not processed: incorrect query. " + valueError).ConfigureAwait(false);
            return;
        }

        var sections = SectionCatalog.Select(value.Type, entry.Sections, out var unknownSection);
        if (sections is null)
        {
            await BadRequest(context, entry, $"Request not processed: unknown section '{unknownSection}' for {endpoint}. Valid sections: {string.Join(",", SectionCatalog.For(value.Type))}.").ConfigureAwait(false);
            return;
        }

        var countText = query["count"].ToString();
        if (countText.Length > 0 && entry.Count is not > 0)
        {
            await BadRequest(context, entry, "Request not processed: count must be a positive whole number.").ConfigureAwait(false);
            return;
        }

        var format = query["format"].ToString();
        if (format.Length > 0 && !format.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            var reason = format.Equals("stix", StringComparison.OrdinalIgnoreCase)
                ? "format=stix is not simulated; use format=json."
                : $"Unknown format '{format}'; use json or stix.";
            await BadRequest(context, entry, "Request not processed: " + reason).ConfigureAwait(false);
            return;
        }

        if (_quota.Get(account.User, now) >= _options.DayQuota)
        {
            await QuotaExceeded(context, entry).ConfigureAwait(false);
            return;
        }

        var fault = FaultPrefixes.Find(value.Host);
        if (await ApplyFault(context, entry, value, fault, delay.Token).ConfigureAwait(false)) return;

        var spent = _quota.TrySpend(account.User, now, _options.DayQuota);
        if (spent is null)
        {
            await QuotaExceeded(context, entry).ConfigureAwait(false);
            return;
        }

        if (IsUnknownToPortal(value, fault))
        {
            await Reply(context, entry, 404, () => ErrorResponses.JsonError(context, 404, "not-found", "Lookup results not found.")).ConfigureAwait(false);
            return;
        }

        var license = new LicenseSnapshot(spent.Value, _options.DayQuota, AccountStore.TokenExpirationDate(account, now));
        if (fault == FaultPrefix.Malformed || _faults.MalformedJson)
        {
            var broken = Encoding.UTF8.GetBytes($"{{\"LicenseInfo\":{{\"AccessType\":\"Commercial\",\"DayRequests\":{license.DayRequests},\"DayQuota\":{license.DayQuota}}},\"Zone\":\"Re<html><body>upstream error</body></html>");
            await Reply(context, entry, 200, () => Write(context, "application/json; charset=utf-8", broken)).ConfigureAwait(false);
            return;
        }

        var profile = _catalog.ProfileOf(value);
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            AnswerWriter.Write(new AnswerContext(profile, writer, entry.Count ?? DefaultCount), sections, license);
        }

        await Reply(context, entry, 200, () => Write(context, "application/json; charset=utf-8", buffer.WrittenMemory)).ConfigureAwait(false);
    }

    /// <summary>Applies a runtime or prefix fault; true when the request was answered (or dropped) by it.</summary>
    private async Task<bool> ApplyFault(HttpContext context, Entry entry, LookupValue value, FaultPrefix fault, CancellationToken token)
    {
        if (fault == FaultPrefix.Slow)
        {
            var slow = _faults.SlowLatency;
            if (slow > TimeSpan.Zero) await Task.Delay(slow, token).ConfigureAwait(false);
        }

        var forced = _faults.ForcedStatus;
        var key = value.Type + ":" + value.Key;
        var status = forced switch
        {
            not null => forced.Value,
            _ => fault switch
            {
                FaultPrefix.RateLimitedAlways => 429,
                FaultPrefix.RateLimitedOnce when FirstAttempt(key) => 429,
                FaultPrefix.UnavailableAlways => 503,
                FaultPrefix.UnavailableOnce when FirstAttempt(key) => 503,
                _ => 0,
            },
        };

        var drop = _faults.DropConnections || fault == FaultPrefix.DropAlways || (fault == FaultPrefix.DropOnce && FirstAttempt(key));
        if (status == 0 && drop)
        {
            Log(entry, 0);
            context.Abort();
            return true;
        }

        if (status == 429)
        {
            context.Response.Headers.RetryAfter = "1";
            await Reply(context, entry, 429, () => ErrorResponses.Text(context, 429, "Too Many Requests: request rate limit exceeded. Retry after 1 second.")).ConfigureAwait(false);
            return true;
        }

        if (status != 0)
        {
            await Reply(context, entry, status, () => _errors.Page(context, status, status == 503 ? "Service Temporarily Unavailable" : "Server Error",
                "The service is temporarily unable to handle the request. Try again later.")).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    private bool FirstAttempt(string key) => _faults.FirstAttempt(key);

    /// <summary>Values the portal has no data on: hashes starting with 00000000, domains ending in .invalid, and sim-404-.</summary>
    internal static bool IsUnknownToPortal(LookupValue value, FaultPrefix fault) =>
        fault == FaultPrefix.NotFound
        || (value.Type == LookupType.Hash && value.Key.StartsWith("00000000", StringComparison.Ordinal))
        || (value.Host is { } host && (host.EndsWith(".invalid", StringComparison.Ordinal) || host == "invalid"));

    private Task QuotaExceeded(HttpContext context, Entry entry) =>
        Reply(context, entry, 403, () => _errors.Page(context, 403, "Forbidden",
            $"Request limit exceeded: the daily quota of {_options.DayQuota} requests is spent. It is renewed at 00:00 UTC."));

    private Task BadRequest(HttpContext context, Entry entry, string description) =>
        Reply(context, entry, 400, () => ErrorResponses.JsonError(context, 400, "invalid-params", description));

    /// <summary>Logs first (flushed), then sends: whoever holds an answer finds it in the log.</summary>
    private Task Reply(HttpContext context, Entry entry, int status, Func<Task> send)
    {
        Log(entry, status);
        return send();
    }

    private void Log(Entry entry, int status)
    {
        entry.Status = status;
        entry.Logged = true;
        var logged = new SimulatorRequestLogEntry(
            _options.TimeProvider.GetUtcNow(), entry.Account, entry.Endpoint, entry.Value, entry.Sections, entry.Count, status,
            entry.Authentication, entry.ClientCertificate);
        _log.Append(logged);
        _options.RequestObserved?.Invoke(logged);
    }

    private static Task Write(HttpContext context, string contentType, ReadOnlyMemory<byte> body)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    /// <summary>
    /// Splits the raw request target (not the decoded path: a URL value carries <c>%2F</c>) into endpoint name and
    /// the still-encoded value. Slashes left unencoded in a URL value are taken as part of it.
    /// </summary>
    private static (string? Endpoint, string? RawValue) SplitTarget(string rawTarget)
    {
        var q = rawTarget.IndexOf('?');
        var path = q < 0 ? rawTarget : rawTarget[..q];
        if (!path.StartsWith("/api/", StringComparison.Ordinal)) return (null, null);
        var rest = path["/api/".Length..];
        var slash = rest.IndexOf('/');
        if (slash < 0) return (rest, null);
        var value = rest[(slash + 1)..];
        return (rest[..slash], value.Length == 0 ? null : value);
    }

    internal static bool TryEndpoint(string endpoint, out LookupType type)
    {
        switch (endpoint)
        {
            case "hash": type = LookupType.Hash; return true;
            case "ip": type = LookupType.Ip; return true;
            case "domain": type = LookupType.Domain; return true;
            case "url": type = LookupType.Url; return true;
            default: type = default; return false;
        }
    }

    /// <summary>
    /// What a token opens (tip-api.md §1): Threat Lookup, and the Data Feeds API (not simulated: it gets the unknown
    /// endpoint's 404). Digital Footprint takes tokens too but its paths are unknown, so they count as "anything else".
    /// </summary>
    private static bool TokenOpens(string? endpoint) => endpoint is "hash" or "ip" or "domain" or "url" or "feeds";

    private static string? BearerToken(string? header)
    {
        if (string.IsNullOrEmpty(header) || !AuthenticationHeaderValue.TryParse(header, out var parsed)) return null;
        return parsed.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(parsed.Parameter) ? parsed.Parameter : null;
    }

    private static string SafeUnescape(string raw)
    {
        try
        {
            return Uri.UnescapeDataString(raw);
        }
        catch (UriFormatException)
        {
            return raw;
        }
    }

    private static string? BasicUser(string? header, out string? password)
    {
        password = null;
        if (string.IsNullOrEmpty(header) || !AuthenticationHeaderValue.TryParse(header, out var parsed)) return null;
        if (!parsed.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) || parsed.Parameter is null) return null;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(parsed.Parameter));
            var colon = text.IndexOf(':');
            if (colon < 0) return null;
            password = text[(colon + 1)..];
            return text[..colon];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private sealed class Entry
    {
        public string Account { get; set; } = "";
        public string Endpoint { get; set; } = "";
        public string Value { get; set; } = "";
        public string? Sections { get; set; }
        public int? Count { get; set; }
        public int? Status { get; set; }
        public bool Logged { get; set; }
        public string? Authentication { get; set; }
        public bool ClientCertificate { get; set; }
    }
}
