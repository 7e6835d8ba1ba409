using System.Collections.Concurrent;
using KumaTip.Core.Api;
using KumaTip.Core.Api.Sections;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Tests.Lookups;

/// <summary>
/// An in-memory ITipClient for the service's unit tests (the engine tests use the real client against the simulator):
/// answers by value prefix, counts requests, and can hold answers behind a gate.
/// </summary>
public sealed class FakeTipClient : ITipClient, IRetryReporting
{
    public event EventHandler<TipRetryEventArgs>? Retrying;

    public event EventHandler<TipAttemptEventArgs>? RetryAttemptStarting;

    /// <summary>For "flaky…" values: the first attempt fails at once, and the retry, once sent, waits for this.</summary>
    public Func<TipIndicator, Task>? RetryOnTheWire { get; set; }

    private int _inFlight;

    public ConcurrentQueue<(string Value, IReadOnlyCollection<string> Sections, int? Count)> Requests { get; } = new();

    /// <summary>Most requests in flight at once.</summary>
    public int MaxInFlight { get; private set; }

    /// <summary>Called when a request starts (before any gate): a test can look at the database here.</summary>
    public Action<TipIndicator>? OnRequest { get; set; }

    /// <summary>When set, every request waits for it.</summary>
    public Func<TipIndicator, Task>? Gate { get; set; }

    /// <summary>Day quota: answers carry LicenseInfo with DayRequests counting up; past it, QuotaExceeded.</summary>
    public int? DayQuota { get; set; }

    /// <summary>Requests the portal counted today before this client sent any (another tool, an earlier run).</summary>
    public int UsedBefore { get; set; }

    /// <summary>Requests refused because the day quota was spent: a budget that holds keeps this at 0.</summary>
    public int Refused => _refused;

    private int _refused;

    public TipLicenseInfo? LastLicenseInfo { get; private set; }

    /// <summary>When set, every request fails as a client whose circuit opened on a portal that stopped answering.</summary>
    public bool Unreachable { get; set; }

    public int Count(string value) => Requests.Count(r => r.Value == value);

    public async Task<TipApiResponse> LookupAsync(TipIndicator indicator, IReadOnlyCollection<string> sections, int? maxRecords, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref _inFlight);
        lock (this) MaxInFlight = Math.Max(MaxInFlight, now);
        try
        {
            OnRequest?.Invoke(indicator);
            if (Gate != null) await Gate(indicator).WaitAsync(cancellationToken);
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            var value = indicator.Value;
            if (value.StartsWith("retry"))
            {
                // A 503 and then the back-off before the next attempt, which lasts until the request is cancelled.
                Retrying?.Invoke(this, new TipRetryEventArgs(indicator, 2, TimeSpan.FromMinutes(10), 503, "HTTP 503", false));
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            if (value.StartsWith("flaky"))
            {
                // A 503, no wait, and the retry goes out: what happens while it is on the wire is up to the test.
                Retrying?.Invoke(this, new TipRetryEventArgs(indicator, 1, TimeSpan.Zero, 503, "HTTP 503", false));
                RetryAttemptStarting?.Invoke(this, new TipAttemptEventArgs(indicator, 2));
                if (RetryOnTheWire != null) await RetryOnTheWire(indicator).WaitAsync(cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();
            }
            if (Unreachable)
                throw new TipApiException(TipApiErrorKind.CircuitOpen, $"tip.example is not answering: most recent attempts failed (the last: no answer within 15 s), so '{value}' was not sent.", indicator);
            if (DayQuota.HasValue && UsedBefore + Requests.Count >= DayQuota.Value)
            {
                Interlocked.Increment(ref _refused);
                throw new TipApiException(TipApiErrorKind.QuotaExceeded, $"The day quota is spent; '{value}' was not looked up.", indicator, 403);
            }
            Requests.Enqueue((value, sections, maxRecords));
            if (value.StartsWith("unauthorized")) throw new TipApiException(TipApiErrorKind.Unauthorized, $"401 for '{value}': check the user and password, or accept the Terms of Use.", indicator, 401);
            if (value.StartsWith("broken")) throw new TipApiException(TipApiErrorKind.ServerError, $"The portal failed for '{value}' (503) after every retry.", indicator, 503);
            if (value.StartsWith("missing")) return Response(indicator, sections, maxRecords, 404, "{}", new TipSections());
            var license = new TipLicenseInfo { DayQuota = DayQuota ?? 1_000_000, DayRequests = UsedBefore + Requests.Count, AccessType = "Commercial" };
            LastLicenseInfo = license;
            var zone = value.StartsWith("red") ? TipZone.Red : TipZone.Green;
            var parsed = new TipSections
            {
                Zone = TipZones.Name(zone),
                LicenseInfo = license,
                DomainGeneralInfo = new DomainGeneralInfo { Domain = value, Categories = zone == TipZone.Red ? new List<string> { "CATEGORY_PHISHING" } : new List<string>() },
            };
            var raw = "{\"Zone\":\"" + zone + "\",\"DomainGeneralInfo\":{\"Domain\":\"" + value + "\",\"Categories\":" + (zone == TipZone.Red ? "[\"CATEGORY_PHISHING\"]" : "[]") + "}}";
            return Response(indicator, sections, maxRecords, 200, raw, parsed);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static TipApiResponse Response(TipIndicator indicator, IReadOnlyCollection<string> sections, int? maxRecords, int status, string raw, TipSections parsed)
        => new(indicator, status, status == 200, parsed, raw, DateTimeOffset.UtcNow, sections.ToList(), maxRecords);

    public void Dispose() { }
}
