using System;
using KumaTip.Core.Api;
using KumaTip.Core.Indicators;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Lookups
{
    /// <summary>The lookup service's ledger on the data directory's stores: one ledger row per answered request, the latest LicenseInfo per tenant.</summary>
    internal sealed class WorkspaceLedger : ILookupLedger
    {
        private readonly TipWorkspace _workspace;

        public WorkspaceLedger(TipWorkspace workspace) => _workspace = workspace;

        public void RecordRequest(string tenant, TipIndicator indicator, int taskId, int statusCode, DateTime atUtc)
            => _workspace.Ledger.Record(tenant, indicator, statusCode, new DateTimeOffset(atUtc, TimeSpan.Zero));

        public void RecordLicense(string tenant, TipLicenseInfo license, DateTime atUtc)
            => _workspace.Licenses.Save(tenant, license, new DateTimeOffset(atUtc, TimeSpan.Zero));

        public int? QuotaLeft(string tenant) => _workspace.LicenseReporter.Get(tenant).Remaining;

        public (int Quota, int Used)? QuotaToday(string tenant)
        {
            var license = _workspace.LicenseReporter.Get(tenant);
            if (license.DayQuota is not int quota || license.Remaining is not int remaining || license.LicenseSeenAt is not DateTimeOffset seen) return null;
            if (seen < Storage.LedgerStore.StartOfDay(DateTimeOffset.UtcNow)) return null;
            return (quota, quota - remaining);
        }
    }
}
