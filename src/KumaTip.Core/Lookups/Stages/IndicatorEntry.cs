using System.Collections.Generic;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Lookups.Stages
{
    /// <summary>One distinct indicator of the batch and the rows waiting for it: answered once, every row gets the answer.</summary>
    internal sealed class IndicatorEntry
    {
        private List<RowSlot>? _waiting = new List<RowSlot>(1);
        private TipLookupResult? _result;
        private LookupError? _error;
        private string? _reason;

        public IndicatorEntry(TipIndicator indicator)
        {
            Indicator = indicator;
            Key = indicator.Key;
        }

        public TipIndicator Indicator { get; }

        public string Key { get; }

        public bool IsComplete { get; private set; }

        public LookupOutcome Outcome { get; private set; }

        /// <summary>Adds a row: it waits for the answer, or takes it at once when there is one.</summary>
        public void Attach(RowSlot slot)
        {
            lock (this)
            {
                if (!IsComplete)
                {
                    _waiting!.Add(slot);
                    return;
                }
            }
            slot.Output = new LookupOutput(slot.Request, Outcome, _result, _error, _reason, Indicator);
        }

        /// <summary>Rows waiting get <paramref name="result"/>; rows attached later get <paramref name="resultForLater"/> when given.</summary>
        public void Complete(LookupOutcome outcome, TipLookupResult? result, LookupError? error, string? reason, TipLookupResult? resultForLater = null)
        {
            List<RowSlot> waiting;
            lock (this)
            {
                if (IsComplete) return;
                Outcome = outcome;
                _result = resultForLater ?? result;
                _error = error;
                _reason = reason;
                IsComplete = true;
                waiting = _waiting!;
                _waiting = null;
            }
            foreach (var slot in waiting) slot.Output = new LookupOutput(slot.Request, outcome, result, error, reason, Indicator);
        }
    }
}
