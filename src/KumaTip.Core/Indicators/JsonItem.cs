namespace KumaTip.Core.Indicators
{
    /// <summary>One top-level element of a JSON array: the text to parse, or why there is none.</summary>
    internal readonly struct JsonItem
    {
        public JsonItem(int index, string? value, string? problem)
        {
            Index = index;
            Value = value;
            Problem = problem;
        }

        public int Index { get; }

        public string? Value { get; }

        public string? Problem { get; }
    }
}
