using System;
using KumaTip.Core.Api;

namespace KumaTip.Core.Storage
{
    /// <summary>The latest LicenseInfo the portal sent for a tenant, and when it arrived.</summary>
    public sealed class LicenseSnapshot
    {
        public LicenseSnapshot(string tenant, TipLicenseInfo info, DateTimeOffset seenAt)
        {
            Tenant = tenant;
            Info = info;
            SeenAt = seenAt;
        }

        public string Tenant { get; }
        public TipLicenseInfo Info { get; }
        public DateTimeOffset SeenAt { get; }
    }
}
