using System;
using System.Collections.Generic;
using KumaTip.Core.Indicators;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Stores.Postgres
{
    /// <summary>
    /// The team's spend in <c>kumatip.ledger</c>: one row per answered request, with the user and host that sent it. The
    /// identity column orders the rows of every tenant; a tenant's "sequence" is how many rows it has, so the difference
    /// of two is how many were booked between them, as with the LiteDB counter.
    /// </summary>
    internal sealed class PostgresLedgerStore : ILedgerStore
    {
        private readonly PostgresLookupStore _store;

        public PostgresLedgerStore(PostgresLookupStore store) => _store = store;

        public LedgerEntry Record(string tenant, TipIndicator indicator, int statusCode, DateTimeOffset? at = null)
        {
            tenant = Tenants.Normalize(tenant);
            var entry = new LedgerEntry
            {
                Tenant = tenant,
                TenantKey = Tenants.Key(tenant),
                Time = (at ?? _store.Time.GetUtcNow()).UtcDateTime,
                IndicatorType = indicator.Type.ToString(),
                Indicator = indicator.Value,
                StatusCode = statusCode,
            };
            entry.Sequence = _store.Use(connection =>
            {
                using var command = PostgresLookupStore.Command(connection,
                    "INSERT INTO kumatip.ledger (tenant_key, tenant, at, indicator_type, indicator, status_code, user_name, host) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING sequence",
                    entry.TenantKey, tenant, entry.Time, entry.IndicatorType, entry.Indicator, statusCode, Environment.UserName, Environment.MachineName);
                return (long)command.ExecuteScalar()!;
            });
            return entry;
        }

        public long LastSequence(string tenant) => Count("SELECT count(*) FROM kumatip.ledger WHERE tenant_key = $1", Tenants.Key(tenant));

        public int CountSince(string tenant, DateTimeOffset since)
            => (int)Count("SELECT count(*) FROM kumatip.ledger WHERE tenant_key = $1 AND at >= $2", Tenants.Key(tenant), since.UtcDateTime);

        public int CountAfter(string tenant, DateTimeOffset after)
            => (int)Count("SELECT count(*) FROM kumatip.ledger WHERE tenant_key = $1 AND at > $2", Tenants.Key(tenant), after.UtcDateTime);

        public int CountToday(string tenant) => CountSince(tenant, LedgerStore.StartOfDay(_store.Time.GetUtcNow()));

        public int CountTotal(string tenant) => (int)Count("SELECT count(*) FROM kumatip.ledger WHERE tenant_key = $1", Tenants.Key(tenant));

        public IReadOnlyList<LedgerEntry> List(string tenant, DateTimeOffset? since = null)
        {
            return _store.Use(connection =>
            {
                var entries = new List<LedgerEntry>();
                using var command = PostgresLookupStore.Command(connection,
                    "SELECT tenant, tenant_key, at, indicator_type, indicator, status_code, sequence FROM kumatip.ledger WHERE tenant_key = $1 AND at >= $2 ORDER BY sequence",
                    Tenants.Key(tenant), (since ?? DateTimeOffset.MinValue.AddYears(1)).UtcDateTime);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    entries.Add(new LedgerEntry
                    {
                        Tenant = reader.GetString(0),
                        TenantKey = reader.GetString(1),
                        Time = DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc),
                        IndicatorType = reader.GetString(3),
                        Indicator = reader.GetString(4),
                        StatusCode = reader.GetInt32(5),
                        Sequence = reader.GetInt64(6),
                    });
                }
                return entries;
            });
        }

        /// <summary>Today's (UTC) requests of the tenant by user@host, most first: Get-TipLicense's team view.</summary>
        public IReadOnlyList<(string User, int Requests)> SpendToday(string tenant)
        {
            var since = LedgerStore.StartOfDay(_store.Time.GetUtcNow()).UtcDateTime;
            return _store.Use(connection =>
            {
                var spend = new List<(string, int)>();
                using var command = PostgresLookupStore.Command(connection,
                    "SELECT user_name || '@' || host AS who, count(*) FROM kumatip.ledger WHERE tenant_key = $1 AND at >= $2 GROUP BY who ORDER BY count(*) DESC, who",
                    Tenants.Key(tenant), since);
                using var reader = command.ExecuteReader();
                while (reader.Read()) spend.Add((reader.GetString(0), (int)reader.GetInt64(1)));
                return spend;
            });
        }

        private long Count(string sql, params object?[] values) => _store.Use(connection =>
        {
            using var command = PostgresLookupStore.Command(connection, sql, values);
            return (long)command.ExecuteScalar()!;
        });
    }
}
