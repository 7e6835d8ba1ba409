using System;
using KumaTip.Core.Api;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// Where the lookup service books what it spent: one row per answered request, and the latest LicenseInfo per
    /// tenant (for -WhatIf's "quota left"). Called on the lookup writer's thread, inside its transaction on the same
    /// database, so a booking and the answer it paid for are stored together.
    /// </summary>
    public interface ILookupLedger
    {
        void RecordRequest(string tenant, TipIndicator indicator, int taskId, int statusCode, DateTime atUtc);

        void RecordLicense(string tenant, TipLicenseInfo license, DateTime atUtc);

        /// <summary>Requests left today: the latest LicenseInfo's quota minus its count and what was spent since; null when unknown.</summary>
        int? QuotaLeft(string tenant);

        /// <summary>
        /// The day quota and the requests counted against it today, when an answer of today (UTC) showed the quota;
        /// null when it has not been seen today (the first request of the day goes alone and its answer tells).
        /// </summary>
        (int Quota, int Used)? QuotaToday(string tenant);
    }
}
