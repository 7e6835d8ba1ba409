using System;
using System.Threading;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Lookups.Stages
{
    /// <summary>The first stage: reads a row's raw value as an indicator; a value that is not one is answered at once with an InvalidIndicator error.</summary>
    internal sealed class ParseStage
    {
        private readonly LookupRun _run;

        public ParseStage(LookupRun run) => _run = run;

        /// <summary>The slot's indicator (parsed when the caller passed a raw value); false when the row was answered with an error.</summary>
        public bool TryResolve(RowSlot slot, out TipIndicator indicator)
        {
            if (slot.Request.Indicator != null)
            {
                indicator = slot.Request.Indicator;
                slot.Indicator = indicator;
                return true;
            }
            var parsed = IndicatorParser.Parse(slot.Request.Value, "pipeline");
            if (parsed.Success)
            {
                indicator = parsed.Indicator!;
                slot.Indicator = indicator;
                return true;
            }
            Interlocked.Increment(ref _run.Invalid);
            var error = new LookupError("InvalidIndicator", LookupErrorCategory.InvalidArgument, new ArgumentException(parsed.Error));
            slot.Output = new LookupOutput(slot.Request, LookupOutcome.Error, null, error, parsed.Error);
            _run.Signal();
            indicator = null!;
            return false;
        }
    }
}
