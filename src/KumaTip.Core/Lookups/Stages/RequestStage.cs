using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using KumaTip.Core.Api;

namespace KumaTip.Core.Lookups.Stages
{
    /// <summary>
    /// Buys the answers: at most ThrottleLimit requests at once, each only while the quota budget allows it (the day
    /// quota as last seen, requests in flight counted, and -MaxRequests). A request's slot goes back as soon as its
    /// answer is judged, before it is stored: storing never holds up the next request. Answers and failures go to the
    /// store stage; an answer that stops the batch (quota spent, login refused, portal gone) sets the stop reason once.
    /// </summary>
    internal sealed class RequestStage : IDisposable
    {
        private readonly LookupRun _run;
        private readonly AnswerStoreStage _store;
        private readonly SemaphoreSlim _throttle;
        private readonly ConcurrentDictionary<string, CancellationTokenSource> _inFlight = new ConcurrentDictionary<string, CancellationTokenSource>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, CancellationTokenSource> _waitingRetry = new ConcurrentDictionary<string, CancellationTokenSource>(StringComparer.Ordinal);
        private ITipClient? _client;
        // Made with the client, from the ledger's view of today's quota.
        private QuotaBudget? _budget;
        private readonly PurchaseClaims _claims;

        public RequestStage(LookupRun run, AnswerStoreStage store)
        {
            _run = run;
            _store = store;
            _throttle = new SemaphoreSlim(Math.Max(1, run.Options.ThrottleLimit));
            _claims = new PurchaseClaims(run);
            run.Stopped = CancelWaitingRetries;
        }

        /// <summary>Told before each retry with what failed and the wait; on a pool thread.</summary>
        public Action<TipRetryEventArgs>? Retrying { get; set; }

        /// <summary>The client exists (made at the first miss); false until then, or when it could not be made (the batch stopped).</summary>
        public bool IsOpen => _client != null;

        /// <summary>Makes the client and the quota budget, once, for the first miss; a failure stops the batch with one error.</summary>
        public void Open()
        {
            if (_client != null || _run.StopReason != LookupStopReason.None) return;
            var options = _run.Options;
            var service = _run.Service;
            try
            {
                _client = service.CreateClient(options);
                // OpenTIP's answers carry no LicenseInfo: no quota to budget, only its refusal to stop at.
                var openTip = options.Service == Api.PortalService.OpenTip;
                var today = openTip ? null : service.WithDatabase(() => service.Ledger?.QuotaToday(options.Tenant));
                _budget = new QuotaBudget(today?.Quota, today?.Used ?? 0, options.MaxRequests, probeWhenSpent: _run.IsRestart,
                    shared: openTip ? null : service.SharedQuotaFor(options.Tenant), quotaShown: !openTip);
                _run.Say(openTip ? "Quota: OpenTIP does not show its quota; requests go until it refuses one (403 or 429), and the rest stays pending."
                    : today is { } seen
                    ? "Quota: " + seen.Used + " of " + seen.Quota + " requests used today; this run sends at most " + Math.Max(0, seen.Quota - seen.Used) + (options.MaxRequests is int cap ? " (and at most " + cap + ", -MaxRequests)" : "") + "."
                    : "Quota: not seen today; the first request goes alone and its answer shows it.");
                _run.Say("Requests go to " + (options.Portal ?? service.Portal) + " for tenant '" + options.Tenant + "', at most " +
                    options.ThrottleLimit + " at once, " + (options.MaxRecords?.ToString() ?? "all") + " record(s) per section.");
                if (_client is IRetryReporting reporting)
                {
                    reporting.Retrying += OnRetrying;
                    reporting.RetryAttemptStarting += OnRetryAttemptStarting;
                }
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                var loadFailure = Diagnostics.ModuleLoadException.From(ex);
                _run.Fatal = loadFailure != null
                    ? new LookupError(Diagnostics.ModuleLoadException.ErrorId, LookupErrorCategory.NotInstalled, loadFailure)
                    : new LookupError("TipConnectionUnavailable", LookupErrorCategory.InvalidOperation, ex);
                _run.SetStop(LookupStopReason.Refused, ex.Message);
            }
        }

        /// <summary>Sends the entry's request once a slot and the budget allow; false when the batch stopped first (the caller answers it "not requested").</summary>
        public bool TrySend(IndicatorEntry entry)
        {
            try
            {
                _throttle.Wait(_run.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            if (_run.StopReason != LookupStopReason.None || !Reserve())
            {
                _throttle.Release();
                return false;
            }
            _run.BeginWork();
            _ = RequestAsync(entry);
            return true;
        }

        /// <summary>Takes budget for one request, waiting for answers while they may tell (the quota unknown, the last of it on the wire); false stops the batch.</summary>
        private bool Reserve()
        {
            var budget = _budget!;
            while (true)
            {
                switch (budget.TryReserve())
                {
                    case QuotaDecision.Go:
                        return true;
                    case QuotaDecision.QuotaSpent:
                        _run.SetStop(LookupStopReason.QuotaSpent, "The day quota as last seen is used up (" + budget.Used + " of " + budget.Quota + "); nothing more was sent.");
                        return false;
                    case QuotaDecision.CapReached:
                        _run.SetStop(LookupStopReason.CapReached, "-MaxRequests " + _run.Options.MaxRequests + " is reached.");
                        return false;
                    default:
                        try
                        {
                            budget.Changed.Wait(_run.Token);
                        }
                        catch (OperationCanceledException)
                        {
                            return false;
                        }
                        if (_run.StopReason != LookupStopReason.None) return false;
                        break;
                }
            }
        }

        private async Task RequestAsync(IndicatorEntry entry)
        {
            // A token of its own: a quota stop or refusal ends this request only while it waits to be retried, not
            // once the retry is sent.
            using var request = CancellationTokenSource.CreateLinkedTokenSource(_run.Token);
            var settled = false;
            try
            {
                if (_run.UsesCache && _run.Service.Store.Claims is { } claims)
                {
                    TipLookupResult? theirs;
                    try
                    {
                        theirs = await _claims.AwaitAsync(claims, entry, request.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (request.IsCancellationRequested)
                    {
                        NotSent(entry);
                        return;
                    }
                    if (theirs != null)
                    {
                        // Another process bought it meanwhile: its answer completes this item, and no request is sent.
                        Interlocked.Increment(ref _run.Cached);
                        _store.Enqueue(new StoreWork(entry, theirs, null, null, null, fromCache: true));
                        return;
                    }
                }
                _inFlight[entry.Key] = request;
                TipApiResponse response;
                var sent = System.Diagnostics.Stopwatch.StartNew();
                _run.Say(entry.Indicator.Value + ": requesting (" + entry.Indicator.Type + ").");
                try
                {
                    try
                    {
                        response = await _client!.LookupAsync(entry.Indicator, _run.SectionsFor(entry.Indicator.Kind), _run.Options.MaxRecords, request.Token).ConfigureAwait(false);
                    }
                    finally
                    {
                        _inFlight.TryRemove(entry.Key, out _);
                        _waitingRetry.TryRemove(entry.Key, out _);
                    }
                }
                catch (OperationCanceledException) when (request.IsCancellationRequested)
                {
                    NotSent(entry);
                    return;
                }
                catch (TipApiException ex) when (ex.Kind == TipApiErrorKind.CircuitOpen)
                {
                    // The breaker opened on repeated outages: the portal is not answering. Every later row would only get
                    // the same error, so the batch stops with one, and what was not looked up stays pending.
                    var id = _run.Task!.Id;
                    var message = ex.Message + " Nothing more is sent in this run; the indicators not looked up stay pending in task " + id +
                                  " (Restart-TipTask -Id " + id + " finishes them once the portal answers).";
                    if (_run.SetStop(LookupStopReason.Unreachable, message))
                    {
                        _run.Fatal = new LookupError("TipApi" + ex.Kind, ApiErrorCategories.Of(ex.Kind), new TipApiException(ex.Kind, message, null, null, null, ex));
                    }
                    NotSent(entry);
                    return;
                }
                catch (TipApiException ex) when (ex.StopsBatch)
                {
                    if (ex.Kind == TipApiErrorKind.QuotaExceeded) _run.SetStop(LookupStopReason.QuotaSpent, ex.Message);
                    else if (_run.SetStop(LookupStopReason.Refused, ex.Message)) _run.Fatal = new LookupError("TipApi" + ex.Kind, ApiErrorCategories.Of(ex.Kind), ex);
                    NotSent(entry);
                    return;
                }
                catch (Exception ex) when (!(ex is OutOfMemoryException))
                {
                    var kind = ex is TipApiException api ? api.Kind : TipApiErrorKind.Unexpected;
                    var message = ex is TipApiException ? ex.Message : "Looking up '" + entry.Indicator.Value + "' failed: " + ex.Message;
                    var error = new LookupError("TipApi" + kind, ApiErrorCategories.Of(kind), ex is TipApiException ? ex : new InvalidOperationException(message, ex));
                    _store.Enqueue(new StoreWork(entry, null, error, message, null, fromCache: false));
                    return;
                }

                _run.SayDebug(entry.Indicator.Value + ": answered " + response.StatusCode + " in " + sent.ElapsedMilliseconds + " ms (retries included).");
                var license = response.Sections.LicenseInfo ?? _client.LastLicenseInfo;
                _budget!.Settle(answered: true, response.Sections.LicenseInfo);
                settled = true;
                if (license?.DayQuota != null) _run.Say("Quota: " + license.DayRequests + " of " + license.DayQuota + " requests used today (" + license.AccessType + ").");
                if (license != null && license.QuotaSpent)
                {
                    _run.SetStop(LookupStopReason.QuotaSpent, "The portal reports the day quota spent (" + license.DayRequests + " of " + license.DayQuota + ").");
                }
                var result = LookupOutputs.FromResponse(response, _run.Options.Tenant, _run.Task!.Id, _run.Options.Portal ?? _run.Service.Portal);
                _store.Enqueue(new StoreWork(entry, result, null, null, license, fromCache: false, response.StatusCode));
            }
            finally
            {
                // The slot goes back once the answer is judged (a refusal or a spent quota has stopped the batch, so the
                // next request in the slot is not sent) and before it is stored.
                if (!settled) _budget!.Settle(answered: false, null);
                _throttle.Release();
            }
        }

        private void NotSent(IndicatorEntry entry)
        {
            _claims.Release(entry);
            _run.NotRequested(entry);
            _run.WorkDone();
        }

        // A retry after the quota is spent or the login refused would only be refused (or bought after the stop).
        // Taken out before it is cancelled: a retry whose attempt starts at this moment is either taken here (and not
        // sent) or by OnRetryAttemptStarting (and sent, its answer kept), never cancelled on the wire.
        private void CancelWaitingRetries()
        {
            foreach (var key in _waitingRetry.Keys)
            {
                if (_waitingRetry.TryRemove(key, out var waiting)) TryCancel(waiting);
            }
        }

        private void OnRetrying(object? sender, TipRetryEventArgs e)
        {
            try
            {
                Retrying?.Invoke(e);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                // A listener that failed (its output closed) must not fail the request it only watches.
            }
            if (!_inFlight.TryGetValue(e.Indicator.Key, out var request)) return;
            _waitingRetry[e.Indicator.Key] = request;
            // Added first, then checked: a stop that came in between still finds it, or we see the stop here.
            if (_run.StopReason != LookupStopReason.None) TryCancel(request);
        }

        private void OnRetryAttemptStarting(object? sender, TipAttemptEventArgs e)
        {
            // On the wire from now on: a stop no longer cancels it. Its answer may be paid for, so it is taken and
            // stored (after a spent quota or a refusal the portal refuses it anyway, and that costs nothing).
            _waitingRetry.TryRemove(e.Indicator.Key, out _);
        }

        private static void TryCancel(CancellationTokenSource request)
        {
            try
            {
                request.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // That request has already ended.
            }
        }

        public void Dispose() => _client?.Dispose();
    }
}
