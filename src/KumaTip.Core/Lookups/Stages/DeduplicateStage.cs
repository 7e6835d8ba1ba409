using System;
using System.Collections.Generic;

namespace KumaTip.Core.Lookups.Stages
{
    /// <summary>
    /// Joins rows that name the same indicator to one entry, so each distinct indicator is looked up once. Memory is
    /// bounded: past <see cref="RememberedKeys"/> answered entries are forgotten (a later repeat goes through the cache
    /// again, which answers it); errors are kept so a repeat shows the same error without a second request.
    /// </summary>
    internal sealed class DeduplicateStage
    {
        private readonly LookupRun _run;
        private readonly ParseStage _parse;
        private readonly Dictionary<string, IndicatorEntry> _entries = new Dictionary<string, IndicatorEntry>(StringComparer.Ordinal);
        // Raw values already parsed, by exact spelling: a repeated row is attached to its entry as it is added, without
        // a trip through the dispatcher, so it is answered (and can be taken) at once. Bounded like _entries.
        private readonly Dictionary<string, IndicatorEntry> _byValue = new Dictionary<string, IndicatorEntry>(StringComparer.Ordinal);
        // Without the cache (-Force, Update-TipLookup) a forgotten duplicate would be bought again: the keys requested
        // so far are kept (strings only, a fraction of an entry) so a late duplicate takes this batch's own answer.
        private readonly HashSet<string>? _requested;

        public DeduplicateStage(LookupRun run, ParseStage parse)
        {
            _run = run;
            _parse = parse;
            if (!run.UsesCache) _requested = new HashSet<string>(StringComparer.Ordinal);
        }

        /// <summary>How many answered indicators are remembered for duplicates; tests make it small.</summary>
        public int RememberedKeys { get; set; } = 10000;

        /// <summary>Held while entries change; rows that come after the dispatcher stopped take it too.</summary>
        public object Gate => _entries;

        /// <summary>A row whose exact spelling was seen: attached to that entry now (true), or false to go through the stages.</summary>
        public bool TryAttachKnownValue(RowSlot slot)
        {
            if (slot.Request.Indicator != null || slot.Request.Value == null) return false;
            IndicatorEntry? known;
            lock (_byValue) _byValue.TryGetValue(slot.Request.Value, out known);
            if (known == null) return false;
            known.Attach(slot);
            return true;
        }

        /// <summary>Parses and attaches a batch of rows; returns the entries seen for the first time (to look up).</summary>
        public List<IndicatorEntry> Group(List<RowSlot> batch)
        {
            var fresh = new List<IndicatorEntry>();
            lock (Gate)
            {
                Evict();
                foreach (var slot in batch)
                {
                    if (!_parse.TryResolve(slot, out var indicator)) continue;
                    var key = indicator.Key;
                    if (!_entries.TryGetValue(key, out var entry))
                    {
                        entry = new IndicatorEntry(indicator);
                        _entries[key] = entry;
                        fresh.Add(entry);
                    }
                    entry.Attach(slot);
                    if (slot.Request.Indicator == null) RememberValue(slot.Request.Value!, entry);
                }
            }
            _run.Signal();
            return fresh;
        }

        /// <summary>
        /// A row after the dispatcher stopped: attached to its answered entry (null returned), or a new entry for it
        /// that the caller answers. Call under <see cref="Gate"/>.
        /// </summary>
        public IndicatorEntry? AttachLate(RowSlot slot, Core.Indicators.TipIndicator indicator)
        {
            if (_entries.TryGetValue(indicator.Key, out var known) && known.IsComplete)
            {
                known.Attach(slot);
                _run.Signal();
                return null;
            }
            var entry = new IndicatorEntry(indicator);
            entry.Attach(slot);
            _entries[entry.Key] = entry;
            return entry;
        }

        /// <summary>Without the cache: the keys this batch has requested, so a forgotten duplicate is not bought twice.</summary>
        public void MarkRequested(string key) => _requested?.Add(key);

        public bool WasRequested(string key) => _requested != null && _requested.Contains(key);

        public bool TracksRequests => _requested != null;

        private void RememberValue(string value, IndicatorEntry entry)
        {
            lock (_byValue)
            {
                // Forgetting all at once is fine: a forgotten spelling just goes through the stages again.
                if (_byValue.Count >= RememberedKeys) _byValue.Clear();
                _byValue[value] = entry;
            }
        }

        private void Evict()
        {
            while (_entries.Count > RememberedKeys && _run.CompletedKeys.TryDequeue(out var key))
            {
                if (_entries.TryGetValue(key, out var entry) && entry.IsComplete && entry.Outcome != LookupOutcome.Error) _entries.Remove(key);
            }
        }
    }
}
