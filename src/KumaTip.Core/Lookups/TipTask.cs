using System;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// A ThreatLookup task: the indicators one lookup had to request, each an item that is Pending, Done or Failed.
    /// What the task manager lists; never holds a secret.
    /// </summary>
    public sealed class TipTask
    {
        /// <summary>Increasing number, per data directory.</summary>
        public int Id { get; set; }

        public string Type { get; set; } = "ThreatLookup";

        public TipTaskStatus Status { get; set; }

        /// <summary>The OS user that created it.</summary>
        public string CreatedBy { get; set; } = "";

        public DateTime Created { get; set; }

        public DateTime LastUpdate { get; set; }

        public string Tenant { get; set; } = "Main";

        public int Total { get; set; }

        public int Done { get; set; }

        public int Failed { get; set; }

        public int Pending { get; set; }

        public string[] Sections { get; set; } = Array.Empty<string>();

        public int MaxRecords { get; set; }

        /// <summary>True when the process that ran the task is gone before it ended (Status Abandoned): Restart-TipTask finishes it.</summary>
        public bool Abandoned { get; set; }

        /// <summary>Input rows that had reached the run that created the task (cache hits and repeats included).</summary>
        public int Received { get; set; }

        /// <summary>
        /// False when the run that created the task ended before it had recorded all of its input (the process was
        /// killed or crashed): rows after the recorded ones were never looked up, and the task says so instead of
        /// claiming it completed. Run the same input again; what is cached costs nothing.
        /// </summary>
        public bool InputComplete { get; set; } = true;

        /// <summary>The last error that stopped the task (quota, credentials), if any.</summary>
        public string? Message { get; set; }

        /// <summary>The process running the task (Running only); with <see cref="Abandoned"/> it tells who to wait for.</summary>
        public int? ProcessId { get; set; }

        /// <summary>The -Force of the lookup: a restart requests again even what the cache holds.</summary>
        internal bool Force { get; set; }

        /// <summary>The -MaxAge of the lookup, for a restart's cache check.</summary>
        internal TimeSpan? MaxAge { get; set; }

        /// <summary>Stop-TipTask asked the running process to stop.</summary>
        internal bool StopRequested { get; set; }

        public override string ToString() => $"Task {Id} {Status} {Done}/{Total}";
    }
}
