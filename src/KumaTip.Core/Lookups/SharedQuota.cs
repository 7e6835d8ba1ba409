using System;
using System.Collections.Generic;
using System.Linq;
using KumaTip.Core.Api;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// The part of a <see cref="QuotaBudget"/> that other processes on the data directory see. Requests are sent only on
    /// a grant taken in the shared ledger, in one transaction that also counts what every process holds and has booked
    /// since this budget began; so two processes never both spend the last request. A grant is a few requests' worth (one
    /// commit for several requests); each answered request is booked by the writer, which gives its worth back in the
    /// same commit, and what was not used is given back. A process that dies leaves grants that are reclaimed when its
    /// PID is gone, or at the lease's end.
    /// </summary>
    internal sealed class SharedQuota
    {
        private readonly LookupService _service;
        private readonly WorkspaceLedger _ledger;
        private readonly string _tenant;
        private long _since;

        public SharedQuota(LookupService service, WorkspaceLedger ledger, string tenant)
        {
            _service = service;
            _ledger = ledger;
            _tenant = Tenants.Normalize(tenant);
        }

        /// <summary>
        /// Where the budget starts: the quota as last seen today (null when not seen) and what was spent before now; from
        /// here on every answer booked by any process counts on top of it.
        /// </summary>
        public (int? Quota, int Used) Begin() => Transact(() =>
        {
            _since = _ledger.Workspace.Ledger.LastSequence(_tenant);
            if (_ledger.QuotaToday(_tenant) is { } today) return ((int?)today.Quota, today.Used);
            return (null, 0);
        });

        /// <summary>
        /// Takes up to <paramref name="wanted"/> requests' worth (at least one) when the quota allows it, counting every
        /// process: quota − max(spent before the budget began + booked since, the portal's latest count) − held by all.
        /// <paramref name="quota"/> null: not known in this process; when another process has seen it today, it is used
        /// (and returned), else one request goes (alone in this process, which the budget has checked).
        /// <paramref name="unconditional"/>: a probe, which goes whatever was seen, and is still counted by the others.
        /// </summary>
        public SharedReservation Reserve(int? quota, int usedBefore, int portalCount, bool unconditional, int wanted)
        {
            return Transact(() =>
            {
                var store = _ledger.Reservations;
                var now = DateTime.UtcNow;
                store.Reclaim(_tenant, now);
                int? learned = null;
                if (!unconditional && quota == null && _ledger.QuotaToday(_tenant) is { } today)
                {
                    // Another process has seen today's quota since this budget began: start again from its figures.
                    _since = _ledger.Workspace.Ledger.LastSequence(_tenant);
                    learned = quota = today.Quota;
                    usedBefore = today.Used;
                }
                if (unconditional || quota == null) return Grant(store, now, 1, learned, usedBefore);
                // Every booked answer takes the tenant's next sequence number: the difference is what was answered since.
                var booked = (int)(_ledger.Workspace.Ledger.LastSequence(_tenant) - _since);
                var held = store.CountHeld(_tenant);
                var used = Math.Max(usedBefore + booked, portalCount);
                var room = quota.Value - used - held;
                // At most half of what is left (at least one), so near the boundary another process gets its share at once.
                if (room > 0) return Grant(store, now, Math.Min(Math.Max(1, wanted), Math.Max(1, room / 2)), learned, usedBefore);
                // Requests held by anyone may fail and leave room, and their answers show the true count: wait for them.
                return new SharedReservation(held > 0 ? QuotaDecision.Wait : QuotaDecision.QuotaSpent, null, 0, learned, usedBefore, used);
            });
        }

        private SharedReservation Grant(Stores.IQuotaReservationStore store, DateTime now, int count, int? learned, int usedBefore)
            => new SharedReservation(QuotaDecision.Go, store.Take(_tenant, TaskOwner.Current, now, count), count, learned, usedBefore, null);

        /// <summary>The request sent on <paramref name="grant"/> was answered: the writer books it with its LicenseInfo.</summary>
        public void Answered(string grant, TipLicenseInfo? license) => _ledger.NoteAnswered(_tenant, grant, license);

        /// <summary>Gives back requests' worth not used (not sent, or refused or failed without an answer).</summary>
        public void GiveBack(IReadOnlyCollection<string> grants) => Transact(() =>
        {
            foreach (var group in grants.GroupBy(g => g)) _ledger.Reservations.GiveBack(_tenant, group.Key, group.Count());
            return true;
        });

        private T Transact<T>(Func<T> work) => _service.WithDatabase(() => _service.Store.InTransaction(work));
    }
}
