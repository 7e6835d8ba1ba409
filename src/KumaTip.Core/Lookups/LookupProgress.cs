namespace KumaTip.Core.Lookups
{
    /// <summary>A snapshot of a running batch, for Write-Progress.</summary>
    public sealed class LookupProgress
    {
        /// <summary>Input rows seen so far.</summary>
        public int Rows { get; set; }

        /// <summary>Rows whose output is ready.</summary>
        public int Completed { get; set; }

        /// <summary>Unique indicators answered from the cache.</summary>
        public int Cached { get; set; }

        /// <summary>Unique indicators answered by a request.</summary>
        public int Requested { get; set; }

        /// <summary>Unique indicators whose request failed.</summary>
        public int Failed { get; set; }

        /// <summary>Unique indicators left pending (quota, refusal, stop).</summary>
        public int NotRequested { get; set; }

        /// <summary>Rows that were not indicators.</summary>
        public int Invalid { get; set; }
    }
}
