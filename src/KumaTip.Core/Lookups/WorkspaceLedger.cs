using System;
using System.Collections.Concurrent;
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
        // Answers received and not booked yet, per tenant: the grant each was sent on, and the LicenseInfo it carried.
        private readonly ConcurrentDictionary<string, ConcurrentQueue<(string? Grant, TipLicenseInfo? License)>> _answered =
            new ConcurrentDictionary<string, ConcurrentQueue<(string?, TipLicenseInfo?)>>(StringComparer.Ordinal);
        // The highest LicenseInfo among the answers booked since the last one stored, per tenant (the writer's thread only).
        private readonly ConcurrentDictionary<string, TipLicenseInfo> _highest = new ConcurrentDictionary<string, TipLicenseInfo>(StringComparer.Ordinal);

        public WorkspaceLedger(TipWorkspace workspace) => _workspace = workspace;

        internal TipWorkspace Workspace => _workspace;

        /// <summary>The store's reservations (made on first use: a reading cmdlet never touches them).</summary>
        internal Stores.IQuotaReservationStore Reservations => _workspace.Store.Reservations;

        /// <summary>An answer came for a request sent on <paramref name="grant"/>: the writer books it (<see cref="RecordRequest"/>).</summary>
        internal void NoteAnswered(string tenant, string? grant, TipLicenseInfo? license)
            => _answered.GetOrAdd(Tenants.Key(tenant), _ => new ConcurrentQueue<(string?, TipLicenseInfo?)>()).Enqueue((grant, license));

        public void RecordRequest(string tenant, TipIndicator indicator, int taskId, int statusCode, DateTime atUtc)
        {
            var at = new DateTimeOffset(atUtc, TimeSpan.Zero);
            // One answer noted by the budget becomes this ledger row, in the writer's transaction: its grant gives the
            // request's worth back in the same commit, so it is counted all along and never twice. (Answers are alike:
            // which one is booked with which row does not matter. A group whose write fails keeps its share counted
            // until the grant's lease ends: the safe side.)
            if (_answered.TryGetValue(Tenants.Key(tenant), out var answered) && answered.TryDequeue(out var answer))
            {
                if (answer.Grant != null) Reservations.GiveBack(tenant, answer.Grant);
                // Every answer's count, not only the group's last: parallel answers arrive out of order, and the
                // highest count is the true one. Stored with the group's LicenseInfo (RecordLicense), or at once without one.
                if (answer.License is { } license)
                {
                    var key = Tenants.Key(tenant);
                    if (!_highest.TryGetValue(key, out var kept) || Higher(license, kept)) _highest[key] = license;
                }
            }
            _workspace.Ledger.Record(tenant, indicator, statusCode, at);
        }

        public void RecordLicense(string tenant, TipLicenseInfo license, DateTime atUtc)
        {
            if (_highest.TryRemove(Tenants.Key(tenant), out var highest) && Higher(highest, license)) license = highest;
            _workspace.Licenses.Save(tenant, license, new DateTimeOffset(atUtc, TimeSpan.Zero));
        }

        /// <summary>Same quota, higher count: within a day the count only grows, so the higher one is the later truth.</summary>
        private static bool Higher(TipLicenseInfo a, TipLicenseInfo b) =>
            a.DayQuota == b.DayQuota && (a.DayRequests ?? 0) > (b.DayRequests ?? 0);

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
