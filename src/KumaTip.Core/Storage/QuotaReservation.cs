using System;
using LiteDB;

namespace KumaTip.Core.Storage
{
    /// <summary>
    /// Quota taken in the shared ledger before requests are sent (collection <c>quota_reservations</c>), so every process
    /// on the data directory counts them while they are on the wire. One grant holds <see cref="Count"/> requests' worth:
    /// a lookup takes a few at once (one commit, not one per request), books each answered one as a ledger row in the
    /// same transaction that takes it from here, and gives back what it did not use.
    /// </summary>
    public sealed class QuotaReservation
    {
        public ObjectId? Id { get; set; }

        public string TenantKey { get; set; } = string.Empty;

        /// <summary>Requests' worth still held: on the wire, answered but not yet booked, or about to be sent.</summary>
        public int Count { get; set; }

        /// <summary>The process that took it (machine, PID, process start): a grant of a process that is gone is reclaimed.</summary>
        public string Machine { get; set; } = string.Empty;

        public int ProcessId { get; set; }

        public long ProcessStartTicks { get; set; }

        /// <summary>When it was taken (UTC, wall clock).</summary>
        public DateTime Created { get; set; }

        /// <summary>The lease: after this (UTC, wall clock) it no longer counts, whoever holds it (a hung or unreachable process).</summary>
        public DateTime Expires { get; set; }
    }
}
