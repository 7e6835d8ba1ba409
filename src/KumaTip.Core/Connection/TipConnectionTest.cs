using System;

namespace KumaTip.Core.Connection
{
    /// <summary>The outcome of Test-TipConnection: one cheap request (<c>Zone,LicenseInfo</c>) and what it showed.</summary>
    public sealed class TipConnectionTest
    {
        public Uri? Endpoint { get; set; }

        public string Tenant { get; set; } = string.Empty;

        /// <summary>True when the portal answered the request with a result.</summary>
        public bool Succeeded { get; set; }

        /// <summary>The HTTP status of the answer; null when no request was made or none was answered.</summary>
        public int? StatusCode { get; set; }

        /// <summary>What happened and, on failure, what to do.</summary>
        public string Message { get; set; } = string.Empty;

        /// <summary><c>Commercial</c> or <c>Trial</c>, from LicenseInfo.</summary>
        public string? AccessType { get; set; }

        public int? DayRequests { get; set; }

        public int? DayQuota { get; set; }

        /// <summary>When the API token expires, from LicenseInfo (the portal reports it for any account that has a token).</summary>
        public DateTimeOffset? TokenExpirationDate { get; set; }

        /// <summary>How the connection's secret signs in: <c>Certificate</c> or <c>ApiToken</c>; empty when it has no usable secret.</summary>
        public string? Authentication { get; set; }

        /// <summary>When the secret's client certificate expires; empty for a token secret.</summary>
        public DateTimeOffset? CertificateNotAfter { get; set; }

        /// <summary>How long the request took.</summary>
        public TimeSpan Elapsed { get; set; }
    }
}
