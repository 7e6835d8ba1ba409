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

        public override string ToString()
            => $"{Unique} unique indicator(s): {Cached} cached, {ToRequest} to request" +
               (QuotaLeft.HasValue ? $", quota left {QuotaLeft}" : ", quota left unknown (no answer seen yet; Test-TipConnection shows it)") +
               (Invalid > 0 ? $", {Invalid} invalid row(s)" : "");
    }
}
