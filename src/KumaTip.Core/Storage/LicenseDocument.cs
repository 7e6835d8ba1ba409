using System;

namespace KumaTip.Core.Storage
{
    /// <summary>The stored form of a tenant's last LicenseInfo (one document per tenant).</summary>
    public sealed class LicenseDocument
    {
        public string Id { get; set; } = string.Empty;
        public string Tenant { get; set; } = Tenants.Default;
        public string? AccessType { get; set; }
        public int? DayRequests { get; set; }
        public int? DayQuota { get; set; }
        public DateTime? TokenExpirationDate { get; set; }
        public DateTime SeenAt { get; set; }
    }
}
