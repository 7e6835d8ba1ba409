using KumaTip.Core.Indicators;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// One input row: a raw value to parse, or an indicator already parsed, plus whatever the caller wants back with
    /// the answer (the CSV row to enrich). Each row gets exactly one <see cref="LookupOutput"/>, in input order.
    /// </summary>
    public sealed class LookupRequest
    {
        public LookupRequest(string? value, object? row = null)
        {
            Value = value;
            Row = row;
        }

        public LookupRequest(TipIndicator indicator, object? row = null)
        {
            Indicator = indicator;
            Value = indicator.Original;
            Row = row;
        }

        /// <summary>The value as given (null or empty for a row without one).</summary>
        public string? Value { get; }

        /// <summary>The parsed indicator when the caller already had one.</summary>
        public TipIndicator? Indicator { get; }

        /// <summary>The caller's object for this row, handed back untouched.</summary>
        public object? Row { get; }
    }
}
