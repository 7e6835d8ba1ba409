namespace KumaTip.Core.Indicators
{
    /// <summary>The outcome of parsing one explicit value: an indicator, or an error that names the value and says why.</summary>
    public sealed class IndicatorParseResult
    {
        private IndicatorParseResult(string input, TipIndicator? indicator, string? error, string source)
        {
            Input = input;
            Indicator = indicator;
            Error = error;
            Source = source;
        }

        public bool Success => Indicator != null;

        public TipIndicator? Indicator { get; }

        /// <summary>Why the value is not an indicator; names the value (shortened when absurdly long).</summary>
        public string? Error { get; }

        /// <summary>The value as it arrived (empty for null).</summary>
        public string Input { get; }

        /// <summary>Where the value came from (<c>file:line</c>, <c>text</c>, <c>pipeline</c>).</summary>
        public string Source { get; }

        public static IndicatorParseResult Ok(string input, TipIndicator indicator) => new IndicatorParseResult(input, indicator, null, indicator.Source);

        public static IndicatorParseResult Fail(string input, string error, string source) => new IndicatorParseResult(input, null, error, source);

        public override string ToString() => Success ? Indicator!.Type + " " + Indicator.Value : Error!;
    }
}
