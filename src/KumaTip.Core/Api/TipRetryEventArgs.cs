using System;
using System.Globalization;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Api
{
    /// <summary>A request is about to be retried: what failed and how long the client waits (for verbose output and tests).</summary>
    public sealed class TipRetryEventArgs : EventArgs
    {
        public TipRetryEventArgs(TipIndicator indicator, int attemptNumber, TimeSpan delay, int? statusCode, string reason, bool fromRetryAfter, int maxAttempts = 0)
        {
            Indicator = indicator;
            AttemptNumber = attemptNumber;
            Delay = delay;
            StatusCode = statusCode;
            Reason = reason;
            FromRetryAfter = fromRetryAfter;
            MaxAttempts = maxAttempts;
        }

        public TipIndicator Indicator { get; }

        /// <summary>The attempt that failed, 1 for the first.</summary>
        public int AttemptNumber { get; }

        /// <summary>The wait before the next attempt.</summary>
        public TimeSpan Delay { get; }

        public int? StatusCode { get; }

        /// <summary>What went wrong, for people: "HTTP 503", "no answer within 15 s", "the connection failed (Connection refused)". Never holds a secret.</summary>
        public string Reason { get; }

        /// <summary>True when the delay is the portal's Retry-After rather than the back-off.</summary>
        public bool FromRetryAfter { get; }

        /// <summary>The most attempts the request may take (the first plus the retries); 0 when not known.</summary>
        public int MaxAttempts { get; }

        /// <summary>
        /// One line for -Verbose, the same from every cmdlet and job: which attempt failed, why, and how long until the next.
        /// </summary>
        public string Message
        {
            get
            {
                var of = MaxAttempts > 0 ? " of " + MaxAttempts.ToString(CultureInfo.InvariantCulture) : "";
                var wait = FromRetryAfter ? ", as the portal's Retry-After asks" : "";
                return $"Attempt {AttemptNumber.ToString(CultureInfo.InvariantCulture)}{of} to look up the {TipRequestUri.Describe(Indicator)} '{TipRequestUri.Shorten(Indicator.Value)}' "
                       + $"failed ({Reason}); trying again in {Durations.Format(Delay)}{wait}.";
            }
        }

        public override string ToString() => Message;
    }
}
