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
            var existingSeen = existing == null ? (DateTimeOffset?)null : StoredTime.Utc(existing.SeenAt);
            // Parallel answers arrive out of order: one counted early by the portal but answered late carries a lower
            // DayRequests. Within one UTC day and one quota the count only grows, so the highest is kept — also when it
            // comes with an older time: writers take their time before they wait for the file, so another process's
            // commit stamped later can land first, and the rows booked with the higher count are stamped before the kept
            // time (Remaining would not count them). The newer record's other fields win; the later time is kept.
            var sameDay = existing != null && existing.DayQuota == info.DayQuota
                && existingSeen >= LedgerStore.StartOfDay(seenAt) && existingSeen < LedgerStore.StartOfDay(seenAt).AddDays(1);
            var dayRequests = sameDay && existing!.DayRequests is int kept && (info.DayRequests is not int count || count < kept) ? kept : info.DayRequests;
            if (existing != null && existingSeen > seenAt)
            {
                if (!sameDay || existing.DayRequests == dayRequests) return;
                existing.DayRequests = dayRequests;
                _licenses.Upsert(existing);
                return;
            }
            info = new TipLicenseInfo { AccessType = info.AccessType, DayQuota = info.DayQuota, DayRequests = dayRequests, TokenExpirationDate = info.TokenExpirationDate };
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
