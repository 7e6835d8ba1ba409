using System;

namespace KumaTip.Core.Connection
{
    /// <summary>
    /// Quota for a tenant: the portal's last LicenseInfo (and when it was seen) next to our own count of requests.
    /// </summary>
    public sealed class TipLicense
    {
        public string Tenant { get; set; } = string.Empty;

        /// <summary><c>Commercial</c> or <c>Trial</c>; null until the portal has answered once.</summary>
        public string? AccessType { get; set; }

        /// <summary>Requests made today as the portal counted them when it last answered.</summary>
        public int? DayRequests { get; set; }

        /// <summary>The daily request limit.</summary>
        public int? DayQuota { get; set; }

        public DateTimeOffset? TokenExpirationDate { get; set; }

        /// <summary>When the portal's LicenseInfo above arrived.</summary>
        public DateTimeOffset? LicenseSeenAt { get; set; }

        /// <summary>Requests this tenant spent since midnight UTC (our ledger).</summary>
        public int RequestsToday { get; set; }

        /// <summary>Requests this tenant ever spent (our ledger).</summary>
        public int RequestsTotal { get; set; }

        /// <summary>
        /// Requests left today: the quota minus the portal's count, plus what we spent since it answered; null when
        /// the quota is unknown.
        /// </summary>
        public int? Remaining { get; set; }

        /// <summary>
        /// On the team store: today's requests of the tenant by user and host, most first ("alice@soc-ws-12 31, bob@runbook-01 7");
        /// null on the local store. One string, so Export-Csv and Format-Table show it as it is.
        /// </summary>
        public string? RequestsTodayByUser { get; set; }
    }
}
