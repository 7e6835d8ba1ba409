using KumaTip.Core.Indicators;

namespace KumaTip.Core.Lookups
{
    /// <summary>The answer for one input row, handed out in input order.</summary>
    public sealed class LookupOutput
    {
        internal LookupOutput(LookupRequest request, LookupOutcome outcome, TipLookupResult? result, LookupError? error, string? reason, TipIndicator? indicator = null)
        {
            Request = request;
            Indicator = indicator ?? request.Indicator;
            Outcome = outcome;
            Result = result;
            Error = error;
            Reason = reason;
        }

        public LookupRequest Request { get; }

        /// <summary>The indicator the row's value was read as; null when it is not an indicator (or was never read).</summary>
        public TipIndicator? Indicator { get; }

        public LookupOutcome Outcome { get; }

        /// <summary>Set when <see cref="Outcome"/> is Result.</summary>
        public TipLookupResult? Result { get; }

        /// <summary>Set when <see cref="Outcome"/> is Error.</summary>
        public LookupError? Error { get; }

        /// <summary>Why the row was not requested (Outcome NotRequested), or the error message; null for a result.</summary>
        public string? Reason { get; }
    }
}
