using System;
using KumaTip.Core.Api;
using KumaTip.Core.Storage;
using LiteDB;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// The part of a <see cref="QuotaBudget"/> that other processes on the data directory see: each request takes a
    /// reservation in the shared ledger before it is sent, in one transaction that also counts what every process has
    /// on the wire and has spent since this budget began. So two processes never both spend the last request. A
    /// reservation is settled by its answer (spent, then booked as a ledger row by the writer) or given back; a process
    /// that dies leaves reservations that are reclaimed when its PID is gone, or at the lease's end.
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
        /// Where the budget starts: the quota as last seen today (null when not seen), what was spent before now, and from
        /// here on every answer of any process counts on top of it.
        /// </summary>
        public (int? Quota, int Used) Begin() => Transact(() =>
        {
            _since = _ledger.Workspace.Ledger.LastSequence();
            return _ledger.SpentToday(_tenant);
        });

        /// <summary>
        /// Takes one request's worth when the quota allows it, counting every process: quota − max(spent before the
        /// budget began + answered since, the portal's latest count) − requests on the wire. <paramref name="quota"/> null:
        /// not known in this process; when another process has seen it today it is returned (with what was spent) and
        /// used, else the request goes (alone in this process, which the budget has checked). <paramref name="unconditional"/>:
        /// a probe that goes whatever was seen, and is still counted by the others.
        /// </summary>
        public SharedReservation Reserve(int? quota, int usedBefore, int portalCount, bool unconditional)
        {
            return Transact(() =>
            {
                var store = _ledger.Reservations;
                var now = DateTime.UtcNow;
                store.Reclaim(_tenant, now);
                int? learned = null;
                var rebased = usedBefore;
                if (!unconditional && quota == null)
                {
                    var today = _ledger.QuotaToday(_tenant);
                    if (today != null)
                    {
                        // Another process has seen today's quota since this budget began: start again from its figures.
                        _since = _ledger.Workspace.Ledger.LastSequence();
                        learned = today.Value.Quota;
                        rebased = today.Value.Used + store.CountAnsweredAfter(_tenant, 0);
                        quota = learned;
                        usedBefore = rebased;
                    }
                }
                if (unconditional || quota == null) return Take(store, now, learned, rebased);
                var answered = _ledger.Workspace.Ledger.CountAfterSequence(_tenant, _since) + store.CountAnsweredAfter(_tenant, _since);
                var onTheWire = store.CountOnTheWire(_tenant);
                var used = Math.Max(usedBefore + answered, portalCount);
                if (quota.Value - used - onTheWire > 0) return Take(store, now, learned, rebased);
                // Requests on the wire (any process) may fail and leave room, and their answers show the true count.
                return new SharedReservation(onTheWire > 0 ? QuotaDecision.Wait : QuotaDecision.QuotaSpent, null, learned, rebased, used);
            });
        }

        private SharedReservation Take(QuotaReservationStore store, DateTime now, int? learned, int rebased)
            => new SharedReservation(QuotaDecision.Go, store.Take(_tenant, TaskOwner.Current, now).Id, learned, rebased, null);

        /// <summary>The request is over: answered (spent: counted from now on, booked by the writer), or given back.</summary>
        public void Settle(ObjectId id, bool answered, TipLicenseInfo? license) => Transact(() =>
        {
            if (answered) _ledger.Reservations.Answer(id, _tenant, TaskOwner.Current, license, DateTime.UtcNow);
            else _ledger.Reservations.Release(id);
            return true;
        });

        private T Transact<T>(Func<T> work) => _service.WithDatabase(() => _service.Database.InTransaction(work));
    }
}
