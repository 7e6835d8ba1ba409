using System;
using System.Collections.Generic;
using System.Linq;
using KumaTip.Core.Indicators;
using LiteDB;

namespace KumaTip.Core.Storage
{
    /// <summary>
    /// Our own count of requests spent, one row per request in the <c>ledger</c> collection, so quota use is known
    /// even between the portal's LicenseInfo answers. Days are UTC days.
    /// </summary>
    public sealed class LedgerStore
    {
        private const string SequenceCounter = "ledger-sequence";

        private readonly ILiteCollection<LedgerEntry> _ledger;
        private readonly ILiteCollection<BsonDocument> _counters;
        private readonly TimeProvider _time;
        private bool _sequenceIndexed;

        public LedgerStore(TipDatabase database, TimeProvider? time = null)
        {
            _ledger = database.Db.GetCollection<LedgerEntry>(TipDatabase.Ledger);
            _counters = database.Db.GetCollection(TipDatabase.Counters);
            _ledger.EnsureIndex(e => e.TenantKey);
            _ledger.EnsureIndex(e => e.Time);
            _time = time ?? TimeProvider.System;
        }

        /// <summary>
        /// Records one request that the portal answered (200, 404, or any answer it counts). Written before the
        /// next request is sent, so a crash never loses a spent request.
        /// </summary>
        /// <param name="tenant">The tenant that spent it.</param>
        /// <param name="indicator">What was looked up.</param>
        /// <param name="statusCode">The answer's status.</param>
        /// <param name="at">When (default: now).</param>
        /// <param name="sequence">Its place in the order of answers when a quota reservation already took one; null takes the next.</param>
        public LedgerEntry Record(string tenant, TipIndicator indicator, int statusCode, DateTimeOffset? at = null, long? sequence = null)
            => Insert(tenant, indicator.Type.ToString(), indicator.Value, statusCode, at, sequence);

        /// <summary>
        /// Records a request the portal answered whose process ended before its writer could say what it was (a quota
        /// reservation found answered but never booked): it was spent all the same. Joins the caller's transaction.
        /// </summary>
        public LedgerEntry RecordUnbooked(string tenant, DateTimeOffset at, long sequence)
            => Insert(tenant, UnbookedType, UnbookedValue, 0, at, sequence);

        /// <summary>The type and value of a row <see cref="RecordUnbooked"/> wrote (not empty: LiteDB reads an empty string back as null).</summary>
        public const string UnbookedType = "Unknown";

        /// <inheritdoc cref="UnbookedType"/>
        public const string UnbookedValue = "(not booked: its process ended first)";

        private LedgerEntry Insert(string tenant, string type, string value, int statusCode, DateTimeOffset? at, long? sequence)
        {
            tenant = Tenants.Normalize(tenant);
            var entry = new LedgerEntry
            {
                Tenant = tenant,
                TenantKey = Tenants.Key(tenant),
                Time = (at ?? _time.GetUtcNow()).UtcDateTime,
                IndicatorType = type,
                Indicator = value,
                StatusCode = statusCode,
                Sequence = sequence ?? NextSequence(),
            };
            _ledger.Insert(entry);
            return entry;
        }

        /// <summary>
        /// Takes the next number in the order of answers (the <c>counters</c> collection). Inside the caller's transaction,
        /// so two processes never take the same one.
        /// </summary>
        public long NextSequence()
        {
            var next = LastSequence() + 1;
            _counters.Upsert(new BsonDocument { ["_id"] = SequenceCounter, ["Value"] = next });
            return next;
        }

        /// <summary>The last number taken; a budget counts the answers after it.</summary>
        public long LastSequence()
        {
            var counter = _counters.FindById(SequenceCounter);
            return counter == null ? 0 : counter["Value"].AsInt64;
        }

        /// <summary>Answers the tenant booked after <paramref name="sequence"/> (any process).</summary>
        public int CountAfterSequence(string tenant, long sequence)
        {
            if (!_sequenceIndexed)
            {
                // Created on first use by a writer, not when the file is opened: a read-only data directory cannot add an index.
                _ledger.EnsureIndex(e => e.Sequence);
                _sequenceIndexed = true;
            }
            var key = Tenants.Key(tenant);
            return _ledger.Count(e => e.Sequence > sequence && e.TenantKey == key);
        }

        /// <summary>Requests the tenant spent at or after <paramref name="since"/>.</summary>
        public int CountSince(string tenant, DateTimeOffset since)
        {
            var key = Tenants.Key(tenant);
            var from = since.UtcDateTime;
            return _ledger.Count(e => e.TenantKey == key && e.Time >= from);
        }

        /// <summary>Requests the tenant spent strictly after <paramref name="after"/>.</summary>
        public int CountAfter(string tenant, DateTimeOffset after)
        {
            var key = Tenants.Key(tenant);
            var from = after.UtcDateTime;
            return _ledger.Count(e => e.TenantKey == key && e.Time > from);
        }

        /// <summary>Requests the tenant spent since midnight UTC.</summary>
        public int CountToday(string tenant) => CountSince(tenant, StartOfDay(_time.GetUtcNow()));

        /// <summary>Every request the tenant ever spent.</summary>
        public int CountTotal(string tenant)
        {
            var key = Tenants.Key(tenant);
            return _ledger.Count(e => e.TenantKey == key);
        }

        /// <summary>The tenant's requests, oldest first, optionally only those at or after <paramref name="since"/>.</summary>
        public IReadOnlyList<LedgerEntry> List(string tenant, DateTimeOffset? since = null)
        {
            var key = Tenants.Key(tenant);
            var from = (since ?? DateTimeOffset.MinValue).UtcDateTime;
            return _ledger.Find(e => e.TenantKey == key && e.Time >= from).OrderBy(e => e.Time).ToList();
        }

        public static DateTimeOffset StartOfDay(DateTimeOffset time) => new DateTimeOffset(time.UtcDateTime.Date, TimeSpan.Zero);
    }
}
