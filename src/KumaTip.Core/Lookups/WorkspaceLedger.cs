using System;
using KumaTip.Core.Api;
using KumaTip.Core.Indicators;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// The lookup service's ledger on the data directory's stores: one ledger row per answered request, the latest
    /// LicenseInfo per tenant, and the quota reservations every process on the directory shares (<see cref="SharedQuota"/>).
    /// </summary>
    internal sealed class WorkspaceLedger : ILookupLedger
    {
        private readonly TipWorkspace _workspace;
        private QuotaReservationStore? _reservations;

        public WorkspaceLedger(TipWorkspace workspace) => _workspace = workspace;

        internal TipWorkspace Workspace => _workspace;

        /// <summary>Made on first use: a reading cmdlet never touches the collection.</summary>
        internal QuotaReservationStore Reservations => _reservations ??= new QuotaReservationStore(_workspace.Database, _workspace.Ledger);

        public void RecordRequest(string tenant, TipIndicator indicator, int taskId, int statusCode, DateTime atUtc)
        {
            var at = new DateTimeOffset(atUtc, TimeSpan.Zero);
            // The answer's reservation (this process's oldest answered one: they are alike) becomes its ledger row, in
            // the writer's transaction, so the request never counts twice nor drops out of the count in between.
            var answered = Reservations.TakeAnswered(tenant, TaskOwner.Current);
            if (answered != null && QuotaReservationStore.LicenseOf(answered) is { } license)
            {
                // Every answer's count, not only the group's last: parallel answers arrive out of order, and the
                // highest count is the one that is true (the store keeps the highest of the day).
                _workspace.Licenses.Save(tenant, license, at);
            }
            _workspace.Ledger.Record(tenant, indicator, statusCode, at, answered?.AnsweredSequence);
        }

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

        /// <summary>
        /// What the data directory has spent today as far as it knows: <see cref="QuotaToday"/> (or, when the quota was not
        /// seen today, our ledger's count) plus answers received but not booked yet. Joins the caller's transaction.
        /// </summary>
        internal (int? Quota, int Used) SpentToday(string tenant)
        {
            var answered = Reservations.CountAnsweredAfter(tenant, 0);
            if (QuotaToday(tenant) is { } today) return (today.Quota, today.Used + answered);
            return (null, _workspace.Ledger.CountToday(tenant) + answered);
        }
    }
}
