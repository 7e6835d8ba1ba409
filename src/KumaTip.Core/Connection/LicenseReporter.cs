using System;
using System.Linq;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Connection
{
    /// <summary>Get-TipLicense: combines the portal's last LicenseInfo with the ledger. Makes no request.</summary>
    public sealed class LicenseReporter
    {
        private readonly Stores.ILicenseStore _licenses;
        private readonly Stores.ILedgerStore _ledger;
        private readonly TimeProvider _time;

        public LicenseReporter(Stores.ILicenseStore licenses, Stores.ILedgerStore ledger, TimeProvider? time = null)
        {
            _licenses = licenses;
            _ledger = ledger;
            _time = time ?? TimeProvider.System;
        }

        public TipLicense Get(string tenant)
        {
            tenant = Tenants.Normalize(tenant);
            var now = _time.GetUtcNow();
            var today = LedgerStore.StartOfDay(now);
            var result = new TipLicense
            {
                Tenant = tenant,
                RequestsToday = _ledger.CountSince(tenant, today),
                RequestsTotal = _ledger.CountTotal(tenant),
            };
            var spend = _ledger.SpendToday(tenant);
            if (spend.Count > 0) result.RequestsTodayByUser = string.Join(", ", spend.Select(s => s.User + " " + s.Requests));
            var last = _licenses.GetLast(tenant);
            if (last == null) return result;
            result.Tenant = last.Tenant;
            result.AccessType = last.Info.AccessType;
            result.DayRequests = last.Info.DayRequests;
            result.DayQuota = last.Info.DayQuota;
            result.TokenExpirationDate = last.Info.TokenExpirationDate;
            result.LicenseSeenAt = last.SeenAt;
            if (last.Info.DayQuota.HasValue)
            {
                // The portal's count is as of its answer; requests we spent afterwards still count. An answer from an
                // earlier (UTC) day says nothing of today, so only our own count applies then.
                var used = last.SeenAt >= today
                    ? (last.Info.DayRequests ?? 0) + _ledger.CountAfter(tenant, last.SeenAt)
                    : result.RequestsToday;
                result.Remaining = Math.Max(0, last.Info.DayQuota.Value - used);
            }
            return result;
        }
    }
}
