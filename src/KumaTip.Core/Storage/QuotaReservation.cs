using System;
using LiteDB;

namespace KumaTip.Core.Storage
{
    /// <summary>
    /// One request's worth of the day quota, taken in the shared ledger before the request is sent (collection
    /// <c>quota_reservations</c>), so every process on the data directory counts it while it is on the wire. Its answer
    /// marks it answered; the lookup's writer then turns it into a ledger row. A failed or refused request removes it.
    /// </summary>
    public sealed class QuotaReservation
    {
        public ObjectId? Id { get; set; }

        public string TenantKey { get; set; } = string.Empty;

        /// <summary>The process that took it (machine, PID, process start): a reservation of a process that is gone is reclaimed.</summary>
        public string Machine { get; set; } = string.Empty;

        public int ProcessId { get; set; }

        public long ProcessStartTicks { get; set; }

        /// <summary>When it was taken (UTC, wall clock).</summary>
        public DateTime Created { get; set; }

        /// <summary>The lease: after this (UTC, wall clock) it no longer counts, whoever holds it (a hung or unreachable process).</summary>
        public DateTime Expires { get; set; }

        /// <summary>Set when the portal answered: the request counts from then on as spent, in the order of this number.</summary>
        public long? AnsweredSequence { get; set; }

        /// <summary>The LicenseInfo that came with the answer, so the writer stores the highest count of the day.</summary>
        public int? DayRequests { get; set; }

        public int? DayQuota { get; set; }

        public string? AccessType { get; set; }

        public DateTime? TokenExpirationDate { get; set; }
    }
}
