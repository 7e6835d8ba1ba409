using System;
using LiteDB;

namespace KumaTip.Core.Storage
{
    /// <summary>One API request that reached the portal and counts against the tenant's quota.</summary>
    public sealed class LedgerEntry
    {
        public ObjectId? Id { get; set; }
        public string Tenant { get; set; } = Tenants.Default;
        public string TenantKey { get; set; } = string.Empty;

        /// <summary>When the answer arrived (UTC).</summary>
        public DateTime Time { get; set; }

        /// <summary>The indicator type (<c>Domain</c>, <c>Url</c>, <c>IPv4</c>, <c>Sha256</c>…).</summary>
        public string IndicatorType { get; set; } = string.Empty;

        /// <summary>The normalized indicator as sent.</summary>
        public string Indicator { get; set; } = string.Empty;

        /// <summary>The HTTP status of the answer (200, 404…).</summary>
        public int StatusCode { get; set; }

        /// <summary>
        /// The order in which the tenant's answers counted, across every process on the data directory (a counter, not a
        /// clock: a budget counts what was spent after it began, and clocks tie). 0 on rows written before there was one.
        /// </summary>
        public long Sequence { get; set; }
    }
}
