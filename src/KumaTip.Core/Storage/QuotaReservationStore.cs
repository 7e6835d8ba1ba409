using System;
using System.Collections.Generic;
using System.Linq;
using KumaTip.Core.Api;
using KumaTip.Core.Lookups;
using LiteDB;

namespace KumaTip.Core.Storage
{
    /// <summary>
    /// The quota reservations of the data directory (<see cref="QuotaReservation"/>): what every process counts as on
    /// the wire or answered-but-not-yet-booked. Every method joins the caller's transaction, so reading what is taken
    /// and taking one more is one atomic step across processes (a shared-mode transaction holds the file's mutex).
    /// </summary>
    public sealed class QuotaReservationStore
    {
        /// <summary>
        /// How long a reservation counts at most. A request is given up after about a minute (15 s per attempt, 60 s per
        /// lookup) and its answer is booked within the writer's bound (30 s), so a live process never needs longer; a
        /// reservation past it belongs to a process that hangs or is gone (on another machine we cannot tell which).
        /// </summary>
        public static readonly TimeSpan Lease = TimeSpan.FromMinutes(3);

        private readonly ILiteCollection<QuotaReservation> _reservations;
        private readonly LedgerStore _ledger;

        public QuotaReservationStore(TipDatabase database, LedgerStore ledger)
        {
            _reservations = database.Db.GetCollection<QuotaReservation>(TipDatabase.QuotaReservations);
            _ledger = ledger;
        }

        /// <summary>Takes one request's worth for <paramref name="owner"/>, counting until the answer or the lease's end.</summary>
        public QuotaReservation Take(string tenant, TaskOwner owner, DateTime nowUtc, TimeSpan? lease = null)
        {
            var reservation = new QuotaReservation
            {
                TenantKey = Tenants.Key(tenant),
                Machine = owner.Machine,
                ProcessId = owner.ProcessId,
                ProcessStartTicks = owner.StartTicks,
                Created = nowUtc,
                Expires = nowUtc + (lease ?? Lease),
            };
            _reservations.Insert(reservation);
            return reservation;
        }

        /// <summary>Requests of the tenant on the wire now, any process (answered ones are counted by <see cref="CountAnsweredAfter"/>).</summary>
        public int CountOnTheWire(string tenant)
        {
            var key = Tenants.Key(tenant);
            return _reservations.Find(r => r.TenantKey == key).Count(r => r.AnsweredSequence == null);
        }

        /// <summary>Answered reservations not yet booked in the ledger whose answer came after <paramref name="sequence"/>.</summary>
        public int CountAnsweredAfter(string tenant, long sequence)
        {
            var key = Tenants.Key(tenant);
            return _reservations.Find(r => r.TenantKey == key).Count(r => r.AnsweredSequence is long answered && answered > sequence);
        }

        /// <summary>The portal answered: the request counts as spent from now on (in the order of the ledger's sequence).</summary>
        public void Answer(ObjectId id, string tenant, TaskOwner owner, TipLicenseInfo? license, DateTime nowUtc)
        {
            // Reclaimed meanwhile (its lease ran out while the answer was slow): it was spent all the same.
            var reservation = _reservations.FindById(id) ?? Take(tenant, owner, nowUtc);
            reservation.AnsweredSequence = _ledger.NextSequence();
            reservation.DayRequests = license?.DayRequests;
            reservation.DayQuota = license?.DayQuota;
            reservation.AccessType = license?.AccessType;
            reservation.TokenExpirationDate = license?.TokenExpirationDate?.UtcDateTime;
            _reservations.Update(reservation);
        }

        /// <summary>The request was not answered (refused, failed, cancelled): its quota goes back.</summary>
        public void Release(ObjectId id) => _reservations.Delete(id);

        /// <summary>
        /// Takes the oldest answered reservation of <paramref name="owner"/> for the tenant, to be booked as a ledger row in
        /// the same transaction; null when there is none (a lookup without a shared budget).
        /// </summary>
        public QuotaReservation? TakeAnswered(string tenant, TaskOwner owner)
        {
            var key = Tenants.Key(tenant);
            var oldest = _reservations.Find(r => r.TenantKey == key && r.ProcessId == owner.ProcessId)
                .Where(r => r.AnsweredSequence != null && IsOwnedBy(r, owner))
                .OrderBy(r => r.AnsweredSequence)
                .FirstOrDefault();
            if (oldest != null) _reservations.Delete(oldest.Id);
            return oldest;
        }

        /// <summary>
        /// Removes the tenant's reservations that no longer count: past their lease, or taken by a process of this machine
        /// that is gone (PID and start time, as for tasks). One that was answered was spent: it becomes a ledger row.
        /// Returns how many were reclaimed.
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
                if (IsOwnedBy(r, current)) continue;
                var owner = (r.Machine, r.ProcessId, r.ProcessStartTicks);
                if (!alive.TryGetValue(owner, out var isAlive))
                {
                    isAlive = new TaskOwner(r.Machine, r.ProcessId, r.ProcessStartTicks).IsAlive(r.Created, nowUtc, Lease);
                    alive[owner] = isAlive;
                }
                if (!isAlive) gone.Add(r);
            }
            foreach (var r in gone)
            {
                _reservations.Delete(r.Id);
                if (r.AnsweredSequence is long sequence) _ledger.RecordUnbooked(tenant, new DateTimeOffset(nowUtc, TimeSpan.Zero), sequence);
            }
            return gone.Count;
        }

        /// <summary>Every reservation of the tenant (for tests and diagnostics).</summary>
        public IReadOnlyList<QuotaReservation> List(string tenant)
        {
            var key = Tenants.Key(tenant);
            return _reservations.Find(r => r.TenantKey == key).ToList();
        }

        /// <summary>The LicenseInfo an answered reservation carried; null when its answer had none.</summary>
        public static TipLicenseInfo? LicenseOf(QuotaReservation reservation) => reservation.DayQuota == null && reservation.DayRequests == null ? null : new TipLicenseInfo
        {
            AccessType = reservation.AccessType,
            DayQuota = reservation.DayQuota,
            DayRequests = reservation.DayRequests,
            TokenExpirationDate = reservation.TokenExpirationDate.HasValue ? StoredTime.Utc(reservation.TokenExpirationDate.Value) : (DateTimeOffset?)null,
        };

        private static bool IsOwnedBy(QuotaReservation r, TaskOwner owner) =>
            r.ProcessId == owner.ProcessId && r.ProcessStartTicks == owner.StartTicks && string.Equals(r.Machine, owner.Machine, StringComparison.OrdinalIgnoreCase);
    }
}
