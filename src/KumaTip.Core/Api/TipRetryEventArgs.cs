using System;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Api
{
    /// <summary>A request is about to be retried: what failed and how long the client waits (for verbose output and tests).</summary>
    public sealed class TipRetryEventArgs : EventArgs
    {
        public TipRetryEventArgs(TipIndicator indicator, int attemptNumber, TimeSpan delay, int? statusCode, string reason, bool fromRetryAfter)
        {
            Indicator = indicator;
            AttemptNumber = attemptNumber;
            Delay = delay;
            StatusCode = statusCode;
            Reason = reason;
            FromRetryAfter = fromRetryAfter;
        }

        public TipIndicator Indicator { get; }

        /// <summary>The attempt that failed, 1 for the first.</summary>
        public int AttemptNumber { get; }

        /// <summary>The wait before the next attempt.</summary>
        public TimeSpan Delay { get; }

        public int? StatusCode { get; }

        public string Reason { get; }

        /// <summary>True when the delay is the portal's Retry-After rather than the back-off.</summary>
        public bool FromRetryAfter { get; }
    }
}
