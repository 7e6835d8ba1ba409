using KumaTip.Core.Api;

namespace KumaTip.Core.Lookups.Stages
{
    /// <summary>One finished lookup on its way to the store stage: an answer (bought, or cached for a restart's item) or a failure.</summary>
    internal sealed class StoreWork
    {
        public StoreWork(IndicatorEntry entry, TipLookupResult? result, LookupError? error, string? reason, TipLicenseInfo? license, bool fromCache, int statusCode = 0)
        {
            Entry = entry;
            Result = result;
            Error = error;
            Reason = reason;
            License = license;
            FromCache = fromCache;
            StatusCode = statusCode;
        }

        public IndicatorEntry Entry { get; }
        public TipLookupResult? Result { get; }
        public LookupError? Error { get; }
        public string? Reason { get; }
        public TipLicenseInfo? License { get; }

        /// <summary>A restart's item answered by an answer someone else paid for: stored as done, neither cached again nor booked.</summary>
        public bool FromCache { get; }

        public int StatusCode { get; }
    }
}
