using System;
using KumaTip.Core.Api;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Stores.Postgres
{
    /// <summary>The latest LicenseInfo per tenant in <c>kumatip.licenses</c>, kept by the rules of the LiteDB store, in one statement.</summary>
    internal sealed class PostgresLicenseStore : ILicenseStore
    {
        private readonly PostgresLookupStore _store;

        public PostgresLicenseStore(PostgresLookupStore store) => _store = store;

        public void Save(string tenant, TipLicenseInfo info, DateTimeOffset seenAt)
        {
            tenant = Tenants.Normalize(tenant);
            var startOfDay = LedgerStore.StartOfDay(seenAt).UtcDateTime;
            _store.Use(connection =>
            {
                // An older answer never replaces a newer one; within one UTC day and quota a lower count never replaces a
                // higher (parallel answers arrive out of order, from every host of the team). Nor is a higher count lost
                // when it comes with an older time: writers take their time before they wait for the tenant's lock, so
                // another host's commit stamped later can land first. That count covers the ledger rows booked with it
                // (stamped before the kept seen_at, so Remaining does not count them after it): dropping it would show
                // room that is not there.
                using var command = PostgresLookupStore.Command(connection,
                    "INSERT INTO kumatip.licenses AS l (tenant_key, tenant, access_type, day_requests, day_quota, token_expiration, seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7) " +
                    "ON CONFLICT (tenant_key) DO UPDATE SET " +
                    "tenant = CASE WHEN l.seen_at <= EXCLUDED.seen_at THEN EXCLUDED.tenant ELSE l.tenant END, " +
                    "access_type = CASE WHEN l.seen_at <= EXCLUDED.seen_at THEN EXCLUDED.access_type ELSE l.access_type END, " +
                    "day_quota = CASE WHEN l.seen_at <= EXCLUDED.seen_at THEN EXCLUDED.day_quota ELSE l.day_quota END, " +
                    "token_expiration = CASE WHEN l.seen_at <= EXCLUDED.seen_at THEN EXCLUDED.token_expiration ELSE l.token_expiration END, " +
                    "day_requests = CASE WHEN l.day_quota IS NOT DISTINCT FROM EXCLUDED.day_quota AND l.seen_at >= $8 AND l.seen_at < $8 + interval '1 day' " +
                    "THEN GREATEST(l.day_requests, EXCLUDED.day_requests) WHEN l.seen_at <= EXCLUDED.seen_at THEN EXCLUDED.day_requests ELSE l.day_requests END, " +
                    "seen_at = GREATEST(l.seen_at, EXCLUDED.seen_at)",
                    Tenants.Key(tenant), tenant, info.AccessType, info.DayRequests, info.DayQuota, info.TokenExpirationDate?.UtcDateTime, seenAt.UtcDateTime, startOfDay);
                return command.ExecuteNonQuery();
            });
        }

        public LicenseSnapshot? GetLast(string tenant)
        {
            return _store.Use(connection =>
            {
                using var command = PostgresLookupStore.Command(connection,
                    "SELECT tenant, access_type, day_requests, day_quota, token_expiration, seen_at FROM kumatip.licenses WHERE tenant_key = $1", Tenants.Key(tenant));
                using var reader = command.ExecuteReader();
                if (!reader.Read()) return null;
                var info = new TipLicenseInfo
                {
                    AccessType = reader.IsDBNull(1) ? null : reader.GetString(1),
                    DayRequests = reader.IsDBNull(2) ? (int?)null : reader.GetInt32(2),
                    DayQuota = reader.IsDBNull(3) ? (int?)null : reader.GetInt32(3),
                    TokenExpirationDate = reader.IsDBNull(4) ? (DateTimeOffset?)null : new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Utc)),
                };
                return new LicenseSnapshot(reader.GetString(0), info, new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc)));
            });
        }
    }
}
