namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// A line for the user's -Verbose or -Debug stream from a running batch (endpoint, cache hits, requests, retries,
    /// quota; timings at Debug). Never holds a secret: values, counts, the endpoint and reasons only.
    /// </summary>
    public sealed class LookupMessage
    {
        public LookupMessage(bool debug, string text)
        {
            Debug = debug;
            Text = text;
        }

        /// <summary>True for the Debug stream (timings); false for Verbose.</summary>
        public bool Debug { get; }

        public string Text { get; }
    }
}
