using System;
using System.Collections.Generic;
using System.Linq;
using KumaTip.Core.Lookups;
using LiteDB;

namespace KumaTip.Core.Storage
{
    /// <summary>
    /// The quota reservations of the data directory (<see cref="QuotaReservation"/>): what every process counts as on
    /// the wire. Every method joins the caller's transaction, so reading what is taken and taking more is one atomic step
    /// across processes (a shared-mode transaction holds the file's mutex).
    /// </summary>
    public sealed class QuotaReservationStore : Stores.IQuotaReservationStore
    {
        /// <summary>
        /// How long a grant counts at most. A request is given up after about a minute (15 s per attempt, 60 s per lookup)
        /// and its answer is booked within the writer's bound (30 s), so a live process never needs longer; a grant past it
        /// belongs to a process that hangs or is gone (on another machine we cannot tell which).
        /// </summary>
        public static readonly TimeSpan Lease = TimeSpan.FromMinutes(3);

        private readonly ILiteCollection<QuotaReservation> _reservations;

        public QuotaReservationStore(TipDatabase database)
        {
            _reservations = database.Db.GetCollection<QuotaReservation>(TipDatabase.QuotaReservations);
        }

        /// <summary>Takes <paramref name="count"/> requests' worth for <paramref name="owner"/>, counted until booked, given back, or the lease ends.</summary>
        public string Take(string tenant, TaskOwner owner, DateTime nowUtc, int count = 1, TimeSpan? lease = null)
            => TakeReservation(tenant, owner, nowUtc, count, lease).Id!.ToString();

        /// <inheritdoc cref="Take"/>
        internal QuotaReservation TakeReservation(string tenant, TaskOwner owner, DateTime nowUtc, int count = 1, TimeSpan? lease = null)
        {
            var reservation = new QuotaReservation
            {
                TenantKey = Tenants.Key(tenant),
                Count = count,
                Machine = owner.Machine,
                ProcessId = owner.ProcessId,
                ProcessStartTicks = owner.StartTicks,
                Created = nowUtc,
                Expires = nowUtc + (lease ?? Lease),
            };
            _reservations.Insert(reservation);
            return reservation;
        }

        /// <summary>Requests' worth the tenant's processes hold now: on the wire, answered but not booked yet, or about to be sent.</summary>
        public int CountHeld(string tenant)
        {
            var key = Tenants.Key(tenant);
            return _reservations.Find(r => r.TenantKey == key).Sum(r => r.Count);
        }

        /// <summary>
        /// Gives back <paramref name="count"/> of a grant: requests not sent, or one answered and booked now (the caller
        /// writes its ledger row in the same transaction). False when the grant is gone (its lease ended).
        /// </summary>
        public bool GiveBack(string tenant, string grant, int count = 1) => GiveBack(new ObjectId(grant), count);

        internal bool GiveBack(ObjectId id, int count = 1)
        {
            var reservation = _reservations.FindById(id);
            if (reservation == null) return false;
            reservation.Count -= count;
            if (reservation.Count <= 0) _reservations.Delete(id);
            else _reservations.Update(reservation);
            return true;
        }

        /// <summary>
        /// Removes the tenant's grants that no longer count: past their lease, or taken by a process of this machine that
        /// is gone (PID and start time, as for tasks). Returns how many requests' worth were reclaimed.
        /// </summary>
        public int Reclaim(string tenant, DateTime nowUtc)
        {
            var key = Tenants.Key(tenant);
            var current = TaskOwner.Current;
            var gone = new List<QuotaReservation>();
            var alive = new Dictionary<(string, int, long), bool>();
            foreach (var r in _reservations.Find(r => r.TenantKey == key))
            {
                if (r.Expires <= nowUtc)
                {
                    gone.Add(r);
                    continue;
                }
                if (r.ProcessId == current.ProcessId && r.ProcessStartTicks == current.StartTicks &&
                    string.Equals(r.Machine, current.Machine, StringComparison.OrdinalIgnoreCase)) continue;
                var owner = (r.Machine, r.ProcessId, r.ProcessStartTicks);
                if (!alive.TryGetValue(owner, out var isAlive))
                {
                    isAlive = new TaskOwner(r.Machine, r.ProcessId, r.ProcessStartTicks).IsAlive(r.Created, nowUtc, Lease);
                    alive[owner] = isAlive;
                }
                if (!isAlive) gone.Add(r);
            }
            foreach (var r in gone) _reservations.Delete(r.Id);
            return gone.Sum(r => r.Count);
        }

        /// <summary>Every grant of the tenant (for tests and diagnostics).</summary>
        public IReadOnlyList<QuotaReservation> List(string tenant)
        {
            var key = Tenants.Key(tenant);
            return _reservations.Find(r => r.TenantKey == key).ToList();
        }
    }
}
