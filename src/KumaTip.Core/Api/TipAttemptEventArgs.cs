using System;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Api
{
    /// <summary>A retry's attempt is going on the wire now (its wait is over).</summary>
    public sealed class TipAttemptEventArgs : EventArgs
    {
        public TipAttemptEventArgs(TipIndicator indicator, int attemptNumber)
        {
            Indicator = indicator;
            AttemptNumber = attemptNumber;
        }

        public TipIndicator Indicator { get; }

        /// <summary>The attempt starting, 2 for the first retry.</summary>
        public int AttemptNumber { get; }
    }
}
