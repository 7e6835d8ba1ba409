using System;
using KumaTip.Core.Api;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Stores
{
    /// <summary>The latest LicenseInfo the portal showed, per tenant (its quota and count).</summary>
    public interface ILicenseStore
    {
        /// <summary>Keeps <paramref name="info"/> unless a later one is stored; within a day and quota a lower count never replaces a higher.</summary>
        void Save(string tenant, TipLicenseInfo info, DateTimeOffset seenAt);

        /// <summary>The tenant's latest LicenseInfo, or null when the portal has not answered yet.</summary>
        LicenseSnapshot? GetLast(string tenant);
    }
}
