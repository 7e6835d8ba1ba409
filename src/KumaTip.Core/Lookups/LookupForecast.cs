using System;

namespace KumaTip.Core.Lookups
{
    /// <summary>What a lookup would spend (-WhatIf): nothing is requested to produce it.</summary>
    public sealed class LookupForecast
    {
        public string Tenant { get; set; } = "Main";

        /// <summary>Input rows.</summary>
        public int Rows { get; set; }

        /// <summary>Rows that are not indicators.</summary>
        public int Invalid { get; set; }

        /// <summary>Distinct indicators.</summary>
        public int Unique { get; set; }

        /// <summary>Distinct indicators the cache answers.</summary>
        public int Cached { get; set; }

        /// <summary>Distinct indicators that would cost a request each.</summary>
        public int ToRequest { get; set; }

        /// <summary>Requests left today by the latest LicenseInfo seen; null when none was seen yet.</summary>
        public int? QuotaLeft { get; set; }

        /// <summary>-MaxRequests of the run being forecast; null = no cap.</summary>
        public int? MaxRequests { get; set; }

        /// <summary>Indicators that would be requested now: what the quota left and the cap allow.</summary>
        public int WouldRequest => Math.Min(ToRequest, Math.Min(QuotaLeft ?? int.MaxValue, MaxRequests ?? int.MaxValue));

        /// <summary>Indicators that would stay pending in the task (past the quota left or the cap).</summary>
        public int WouldStayPending => ToRequest - WouldRequest;

        public override string ToString()
            => $"{Unique} unique indicator(s): {Cached} cached, {ToRequest} to request" +
               (QuotaLeft.HasValue ? $", quota left {QuotaLeft}" : ", quota left unknown (no answer seen yet; Test-TipConnection shows it)") +
               (MaxRequests.HasValue ? $", -MaxRequests {MaxRequests}" : "") +
               (WouldStayPending > 0 ? $": {WouldRequest} would be requested and {WouldStayPending} would stay pending" : "") +
               (Invalid > 0 ? $", {Invalid} invalid row(s)" : "");
    }
}
