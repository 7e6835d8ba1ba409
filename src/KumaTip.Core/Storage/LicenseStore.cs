using System;
using KumaTip.Core.Api;
using LiteDB;

namespace KumaTip.Core.Storage
{
    /// <summary>Keeps the latest LicenseInfo per tenant (collection <c>licenses</c>); an older one never replaces a newer.</summary>
    public sealed class LicenseStore : Stores.ILicenseStore
    {
        private readonly ILiteCollection<LicenseDocument> _licenses;

        public LicenseStore(TipDatabase database)
        {
            _licenses = database.Db.GetCollection<LicenseDocument>(TipDatabase.Licenses);
        }

        public void Save(string tenant, TipLicenseInfo info, DateTimeOffset seenAt)
        {
            tenant = Tenants.Normalize(tenant);
            var id = Tenants.Key(tenant);
            var existing = _licenses.FindById(id);
            if (existing != null && StoredTime.Utc(existing.SeenAt) > seenAt)
            {
                return;
            }
            // Parallel answers arrive out of order: one counted early by the portal but answered late carries a lower
            // DayRequests. Within one UTC day and one quota the count only grows, so a lower one never replaces a higher.
            if (existing != null && info.DayRequests is int count && existing.DayRequests is int kept && count < kept
                && existing.DayQuota == info.DayQuota && StoredTime.Utc(existing.SeenAt) >= LedgerStore.StartOfDay(seenAt))
            {
                info = new TipLicenseInfo { AccessType = info.AccessType, DayQuota = info.DayQuota, DayRequests = kept, TokenExpirationDate = info.TokenExpirationDate };
            }
            _licenses.Upsert(new LicenseDocument
            {
                Id = id,
                Tenant = tenant,
                AccessType = info.AccessType,
                DayRequests = info.DayRequests,
                DayQuota = info.DayQuota,
                TokenExpirationDate = info.TokenExpirationDate?.UtcDateTime,
                SeenAt = seenAt.UtcDateTime,
            });
        }

        /// <summary>The tenant's latest LicenseInfo, or null when the portal has not answered yet.</summary>
        public LicenseSnapshot? GetLast(string tenant)
        {
            var d = _licenses.FindById(Tenants.Key(tenant));
            if (d == null) return null;
            var info = new TipLicenseInfo
            {
                AccessType = d.AccessType,
                DayRequests = d.DayRequests,
                DayQuota = d.DayQuota,
                TokenExpirationDate = d.TokenExpirationDate.HasValue ? StoredTime.Utc(d.TokenExpirationDate.Value) : (DateTimeOffset?)null,
            };
            return new LicenseSnapshot(d.Tenant, info, StoredTime.Utc(d.SeenAt));
        }
    }
}
