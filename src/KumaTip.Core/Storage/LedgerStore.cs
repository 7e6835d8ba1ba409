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
    public sealed class LedgerStore : Stores.ILedgerStore
    {
        private const string SequenceCounter = "ledger-sequence|";

        private readonly ILiteCollection<LedgerEntry> _ledger;
        private readonly ILiteCollection<BsonDocument> _counters;
        private readonly TimeProvider _time;
        private readonly TipDatabase _database;

        public LedgerStore(TipDatabase database, TimeProvider? time = null)
        {
            _database = database;
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
        public LedgerEntry Record(string tenant, TipIndicator indicator, int statusCode, DateTimeOffset? at = null)
        {
            // The row and its sequence number are one step, or two processes could take the same number.
            if (!_database.IsInTransaction) return _database.InTransaction(() => Record(tenant, indicator, statusCode, at));
            tenant = Tenants.Normalize(tenant);
            var entry = new LedgerEntry
            {
                Tenant = tenant,
                TenantKey = Tenants.Key(tenant),
                Time = (at ?? _time.GetUtcNow()).UtcDateTime,
                IndicatorType = indicator.Type.ToString(),
                Indicator = indicator.Value,
                StatusCode = statusCode,
                Sequence = NextSequence(tenant),
            };
            _ledger.Insert(entry);
            return entry;
        }

        /// <summary>
        /// Takes the tenant's next number in the order of answers (the <c>counters</c> collection): one per answered
        /// request, so the difference of two numbers is how many were answered between them, without reading the ledger.
        /// Inside the caller's transaction, so two processes never take the same one.
        /// </summary>
        public long NextSequence(string tenant)
        {
            var next = LastSequence(tenant) + 1;
            _counters.Upsert(new BsonDocument { ["_id"] = SequenceCounter + Tenants.Key(tenant), ["Value"] = next });
            return next;
        }

        /// <summary>The tenant's last number taken: a budget counts the answers after it.</summary>
        public long LastSequence(string tenant)
        {
            var counter = _counters.FindById(SequenceCounter + Tenants.Key(tenant));
            return counter == null ? 0 : counter["Value"].AsInt64;
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

        /// <summary>Empty: the file is one user's, whose spend is <see cref="CountToday"/>.</summary>
        public IReadOnlyList<(string User, int Requests)> SpendToday(string tenant) => Array.Empty<(string, int)>();

        public static DateTimeOffset StartOfDay(DateTimeOffset time) => new DateTimeOffset(time.UtcDateTime.Date, TimeSpan.Zero);
    }
}
