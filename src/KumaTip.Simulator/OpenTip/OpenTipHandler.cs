using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using KumaTip.Simulator.Data;
using KumaTip.Simulator.Faults;
using KumaTip.Simulator.Logging;
using KumaTip.Simulator.Lookups;
using Microsoft.AspNetCore.Http;

namespace KumaTip.Simulator.OpenTip;

/// <summary>
/// The free OpenTIP API (tip-api.md §1, §2.3, §5, §7.2, §8.2): <c>GET /api/v1/search/{hash|ip|domain|url}?request=</c>,
/// <c>POST /api/v1/scan/file?filename=</c> and <c>POST /api/v1/getresult/file?request=</c>, authenticated by the
/// <c>x-api-key</c> header alone. Errors carry no documented body, so they are short plain text; the status is what
/// clients act on: 400 incorrect query, 401 authentication failed, 403 quota or request limit exceeded, 404 no data,
/// 413 file too large. Search and upload spend the day quota; polling for a result does not (not documented either way).
/// </summary>
internal sealed class OpenTipHandler
{
    /// <summary>The account name OpenTIP requests are logged and counted under (the key itself is never logged).</summary>
    public const string LogAccount = "opentip";

    private readonly TipSimulatorOptions _options;
    private readonly OpenTipKeyStore _keys;
    private readonly OpenTipScans _scans = new();
    private readonly RequestLog _log;
    private readonly QuotaCounter _quota;
    private readonly FixtureCatalog _catalog;
    private readonly SimulatorFaults _faults;
    private readonly CancellationToken _stopping;

    public OpenTipHandler(
        TipSimulatorOptions options, OpenTipKeyStore keys, RequestLog log, QuotaCounter quota, FixtureCatalog catalog,
        SimulatorFaults faults, CancellationToken stopping)
    {
        _options = options;
        _keys = keys;
        _log = log;
        _quota = quota;
        _catalog = catalog;
        _faults = faults;
        _stopping = stopping;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var endpoint = "opentip" + (context.Request.Path.Value ?? "").Replace("/api/v1", "", StringComparison.Ordinal);
        var value = context.Request.Query["request"].ToString();
        if (value.Length == 0) value = context.Request.Query["filename"].ToString();
        try
        {
            var status = await HandleCoreAsync(context).ConfigureAwait(false);
            Log(endpoint, value, status);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested || _stopping.IsCancellationRequested)
        {
            Log(endpoint, value, 499);
            context.Abort();
        }
    }

    private async Task<int> HandleCoreAsync(HttpContext context)
    {
        _options.RequestReceived?.Invoke(context.Request.Path + context.Request.QueryString);
        using var delay = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
        if (_faults.Latency > TimeSpan.Zero) await Task.Delay(_faults.Latency, delay.Token).ConfigureAwait(false);

        if (!_keys.Accepts(context.Request.Headers["x-api-key"].ToString()))
        {
            return await Text(context, 401, "Request not processed: user authentication failed.").ConfigureAwait(false);
        }

        if (_faults.ForcedStatus is int forced)
        {
            return await Text(context, forced, $"Simulated status {forced}.").ConfigureAwait(false);
        }

        var path = context.Request.Path.Value ?? "";
        var method = context.Request.Method;
        if (path.StartsWith("/api/v1/search/", StringComparison.Ordinal) && HttpMethods.IsGet(method))
        {
            return await SearchAsync(context, path["/api/v1/search/".Length..], delay.Token).ConfigureAwait(false);
        }

        if (path == "/api/v1/scan/file" && HttpMethods.IsPost(method)) return await ScanAsync(context).ConfigureAwait(false);
        if (path == "/api/v1/getresult/file" && HttpMethods.IsPost(method)) return await GetResultAsync(context).ConfigureAwait(false);
        return await Text(context, 404, "Unknown endpoint. Use GET /api/v1/search/{hash|ip|domain|url}?request=, POST /api/v1/scan/file?filename= or POST /api/v1/getresult/file?request=.").ConfigureAwait(false);
    }

    private async Task<int> SearchAsync(HttpContext context, string kind, CancellationToken token)
    {
        if (!LookupHandler.TryEndpoint(kind, out var type)) return await Text(context, 404, $"Unknown search endpoint '{kind}'. Use hash, ip, domain or url.").ConfigureAwait(false);
        var raw = context.Request.Query["request"].ToString();
        var value = raw.Length == 0 ? null : LookupValueParser.Parse(type, raw, out _);
        if (value is null) return await IncorrectQuery(context).ConfigureAwait(false);

        var fault = FaultPrefixes.Find(value.Host);
        if (fault == FaultPrefix.Slow && _faults.SlowLatency > TimeSpan.Zero) await Task.Delay(_faults.SlowLatency, token).ConfigureAwait(false);
        if (fault is FaultPrefix.RateLimitedAlways || (fault is FaultPrefix.RateLimitedOnce && _faults.FirstAttempt("opentip:" + value.Key)))
        {
            return await Text(context, 429, "Too many requests: the request limit is exceeded.").ConfigureAwait(false);
        }

        if (fault is FaultPrefix.UnavailableAlways || (fault is FaultPrefix.UnavailableOnce && _faults.FirstAttempt("opentip:" + value.Key)))
        {
            return await Text(context, 503, "Service temporarily unavailable.").ConfigureAwait(false);
        }

        if (!Spend()) return await QuotaExceeded(context).ConfigureAwait(false);

        var file = type == LookupType.Hash ? _scans.Find(value.Key) : null;
        if (file is null && !IsKnown(value, fault)) return await Text(context, 404, "Lookup results not found.").ConfigureAwait(false);

        var profile = ProfileOf(file, value);
        var analysed = file is null ? type == LookupType.Hash && OpenTipAnswerWriter.HasSandboxResult(profile) : IsComplete(file);
        return await Answer(context, writer => OpenTipAnswerWriter.Write(new AnswerContext(profile, writer, LookupHandler.DefaultCount), file, analysed, status: null)).ConfigureAwait(false);
    }

    private async Task<int> ScanAsync(HttpContext context)
    {
        var fileName = context.Request.Query["filename"].ToString();
        if (fileName.Length == 0) return await Text(context, 400, "Request not processed: incorrect query. The filename parameter is required.").ConfigureAwait(false);
        if (context.Request.ContentLength > _options.OpenTipMaxUploadBytes) return await TooLarge(context).ConfigureAwait(false);

        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0)
        {
            body.Write(buffer, 0, read);
            if (body.Length > _options.OpenTipMaxUploadBytes) return await TooLarge(context).ConfigureAwait(false);
        }

        if (body.Length == 0) return await Text(context, 400, "Request not processed: incorrect query. The request body (the file) is empty.").ConfigureAwait(false);
        if (!Spend()) return await QuotaExceeded(context).ConfigureAwait(false);

        var file = _scans.Add(fileName, body.ToArray(), _options.TimeProvider.GetUtcNow());
        var profile = ProfileOf(file, null);
        // The answer to the upload is the hash schema as far as it is known: no sandbox result yet.
        return await Answer(context, writer => OpenTipAnswerWriter.Write(new AnswerContext(profile, writer, LookupHandler.DefaultCount), file, IsComplete(file), status: null)).ConfigureAwait(false);
    }

    private async Task<int> GetResultAsync(HttpContext context)
    {
        var raw = context.Request.Query["request"].ToString();
        var value = raw.Length == 0 ? null : LookupValueParser.Parse(LookupType.Hash, raw, out _);
        if (value is null) return await IncorrectQuery(context).ConfigureAwait(false);

        var file = _scans.Find(value.Key);
        if (file is null)
        {
            return await Answer(context, writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("Status", "not started");
                writer.WriteEndObject();
            }).ConfigureAwait(false);
        }

        var complete = IsComplete(file);
        var profile = ProfileOf(file, null);
        return await Answer(context, writer => OpenTipAnswerWriter.Write(new AnswerContext(profile, writer, LookupHandler.DefaultCount), file, complete, complete ? "complete" : "in progress")).ConfigureAwait(false);
    }

    private bool IsComplete(ScannedFile file) => _options.TimeProvider.GetUtcNow() - file.UploadedAt >= _options.OpenTipAnalysisTime;

    /// <summary>
    /// What OpenTIP has data on: fixtures and uploaded files, and of other values what TIP knows (not the reserved
    /// "unknown" values) — except file hashes: a hash that is neither a fixture nor uploaded is one the service has never
    /// seen, as a freshly built sample would be, so "not found, upload it" is the usual case for files.
    /// </summary>
    private bool IsKnown(LookupValue value, FaultPrefix fault)
    {
        if (_catalog.IsFixture(value)) return true;
        return value.Type != LookupType.Hash && !LookupHandler.IsUnknownToPortal(value, fault);
    }

    /// <summary>An uploaded file is judged by its SHA-256, whichever of its hashes was asked for.</summary>
    private IndicatorProfile ProfileOf(ScannedFile? file, LookupValue? value) =>
        _catalog.ProfileOf(file is null ? value! : new LookupValue(LookupType.Hash, file.Sha256, null, false));

    private bool Spend() => _quota.TrySpend(LogAccount, _options.TimeProvider.GetUtcNow(), _options.OpenTipDayQuota) is not null;

    private static Task<int> IncorrectQuery(HttpContext context) => Text(context, 400, "Request not processed: incorrect query.");

    private static Task<int> QuotaExceeded(HttpContext context) => Text(context, 403, "Quota or request limit exceeded.");

    private Task<int> TooLarge(HttpContext context) =>
        Text(context, 413, $"Request entity too large: files over {_options.OpenTipMaxUploadBytes} bytes are not accepted.");

    private static async Task<int> Text(HttpContext context, int status, string message)
    {
        var body = Encoding.UTF8.GetBytes(message);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        return status;
    }

    private static async Task<int> Answer(HttpContext context, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
        return 200;
    }

    private void Log(string endpoint, string value, int status)
    {
        var entry = new SimulatorRequestLogEntry(_options.TimeProvider.GetUtcNow(), LogAccount, endpoint, value, null, null, status);
        _log.Append(entry);
        _options.RequestObserved?.Invoke(entry);
    }
}
