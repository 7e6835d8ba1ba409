using System;
using System.Collections.Generic;
using System.Threading;
using KumaTip.Core.Indicators;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Lookups.Stages
{
    /// <summary>
    /// Answers what the cache holds fresh enough (sections, records, -MaxAge) in one read per batch of entries, and
    /// passes the rest on. A restart takes only answers paid for since its task began; its items answered so are
    /// stored as done. Without the cache, only an indicator this batch already bought is answered (its own answer).
    /// </summary>
    internal sealed class CacheStage
    {
        private readonly LookupRun _run;
        private readonly DeduplicateStage _dedupe;
        private readonly AnswerStoreStage _store;

        public CacheStage(LookupRun run, DeduplicateStage dedupe, AnswerStoreStage store)
        {
            _run = run;
            _dedupe = dedupe;
            _store = store;
        }

        /// <summary>Answers the entries the cache can; returns the misses, in order.</summary>
        public List<IndicatorEntry> Answer(List<IndicatorEntry> toCheck)
        {
            if (!_run.UsesCache) return AnswerForgottenDuplicates(toCheck);
            var misses = new List<IndicatorEntry>();
            var now = _run.Service.UtcNow;
            var cached = Read(toCheck);
            var task = _run.Task;
            var tenant = _run.Options.Tenant;
            foreach (var entry in toCheck)
            {
                if (cached.TryGetValue(CacheKey.For(tenant, entry.Indicator, _run.Options.Service), out var hit) && _run.Accepts(hit))
                {
                    Interlocked.Increment(ref _run.Cached);
                    if (_run.Options.Diagnostics) _run.Say(entry.Indicator.Value + ": from the cache (received " + hit.ReceivedAt.ToString("u") + ").");
                    if (_run.IsRestart)
                    {
                        // Someone paid for it since: the item is done without a request.
                        _run.BeginWork();
                        _store.Enqueue(new StoreWork(entry, hit, null, null, null, fromCache: true));
                    }
                    else
                    {
                        _run.Complete(entry, LookupOutcome.Result, hit, null, null);
                    }
                }
                else
                {
                    misses.Add(entry);
                }
            }
            _run.Signal();
            return misses;
        }

        /// <summary>The cache's answer for a row that came after the dispatcher stopped; null when there is none or the file is busy.</summary>
        public TipLookupResult? FindForLateRow(TipIndicator indicator)
        {
            if (!_run.UsesCache) return null;
            TipLookupResult? hit;
            try
            {
                hit = _run.Service.WithDatabase(() => _run.Service.Cache.Find(_run.Options.Tenant, indicator, _run.Options.Service));
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                return null; // a busy file: the row is simply not answered from the cache
            }
            return hit != null && ResultCache.Satisfies(hit, _run.SectionsFor(indicator.Kind), _run.Options.MaxRecords, _run.Options.EffectiveMaxAge, _run.Service.UtcNow)
                ? hit : null;
        }

        /// <summary>
        /// Without the cache: an indicator this batch already requested (its entry forgotten since) takes the answer this
        /// task stored, instead of a second request. Returns the entries still to request.
        /// </summary>
        private List<IndicatorEntry> AnswerForgottenDuplicates(List<IndicatorEntry> toCheck)
        {
            var task = _run.Task;
            if (!_dedupe.TracksRequests || task == null) return toCheck;
            var seen = new List<IndicatorEntry>();
            foreach (var entry in toCheck)
            {
                if (_dedupe.WasRequested(entry.Key)) seen.Add(entry);
            }
            if (seen.Count == 0) return toCheck;
            var cached = Read(seen);
            var misses = new List<IndicatorEntry>(toCheck.Count);
            foreach (var entry in toCheck)
            {
                if (_dedupe.WasRequested(entry.Key) && cached.TryGetValue(CacheKey.For(_run.Options.Tenant, entry.Indicator, _run.Options.Service), out var hit) && hit.TaskId == task.Id)
                {
                    Interlocked.Increment(ref _run.Cached);
                    _run.Complete(entry, LookupOutcome.Result, hit, null, null);
                }
                else
                {
                    misses.Add(entry);
                }
            }
            _run.Signal();
            return misses;
        }

        /// <summary>The cached answers for <paramref name="entries"/>; none when the store does not answer (then nothing more is bought).</summary>
        private IReadOnlyDictionary<string, TipLookupResult> Read(List<IndicatorEntry> entries)
        {
            try
            {
                return _run.Service.WithDatabase(() => _run.Service.Cache.FindMany(_run.Options.Tenant, Indicators(entries), _run.Options.Service));
            }
            catch (TipStorageException ex)
            {
                _run.FailStorage(ex);
                return new Dictionary<string, TipLookupResult>();
            }
        }

        internal static IReadOnlyCollection<TipIndicator> Indicators(List<IndicatorEntry> entries)
        {
            var list = new List<TipIndicator>(entries.Count);
            foreach (var e in entries) list.Add(e.Indicator);
            return list;
        }
    }
}
