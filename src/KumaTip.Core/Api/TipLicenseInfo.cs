using System;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api
{
    /// <summary>The LicenseInfo section every answer carries: the account's access type and today's quota use.</summary>
    public sealed class TipLicenseInfo
    {
        /// <summary><c>Commercial</c> or <c>Trial</c>.</summary>
        public string? AccessType { get; set; }

        /// <summary>Requests made today, as the portal counts them.</summary>
        public int? DayRequests { get; set; }

        /// <summary>The daily request limit.</summary>
        public int? DayQuota { get; set; }

        /// <summary>Expiry of the API token; null when the user never requested one.</summary>
        public DateTimeOffset? TokenExpirationDate { get; set; }

        /// <summary>True when the portal says today's quota is used up (DayRequests &gt;= DayQuota).</summary>
        public bool QuotaSpent => DayRequests.HasValue && DayQuota.HasValue && DayQuota.Value > 0 && DayRequests.Value >= DayQuota.Value;

        /// <summary><c>Commercial, 13 of 100 requests today</c>, for a CSV cell or a JSON value past -Depth.</summary>
        public override string ToString()
            => OutputText.Join(", ", AccessType, DayQuota.HasValue ? $"{DayRequests ?? 0} of {DayQuota} requests today" : null);
    }
}
