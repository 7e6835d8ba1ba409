using System.Collections.Generic;

namespace KumaTip.Core.Stores.Copy
{
    /// <summary>A copy's summary, and the tenants it could not copy (each with the message to show).</summary>
    public sealed class StoreCopyOutcome
    {
        public StoreCopyOutcome(TipStoreCopySummary summary, IReadOnlyList<TipStoreCopyFailure> failures)
        {
            Summary = summary;
            Failures = failures;
        }

        public TipStoreCopySummary Summary { get; }

        public IReadOnlyList<TipStoreCopyFailure> Failures { get; }
    }
}
