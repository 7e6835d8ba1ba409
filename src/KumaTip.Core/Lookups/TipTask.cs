using System;
using System.Collections.Generic;
using KumaTip.Core.Output;

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

        public string Type { get; set; } = ThreatLookup;

        /// <summary>A lookup batch (Invoke-TipLookup, Update-TipLookup).</summary>
        public const string ThreatLookup = "ThreatLookup";

        /// <summary>A file sent to OpenTIP's sandbox (Submit-TipFile).</summary>
        public const string ThreatAnalysis = "ThreatAnalysis";

        /// <summary>
        /// Queued, Running, Completed, PartiallyCompleted, Failed, Cancelled or Abandoned: a name, so ConvertTo-Json and
        /// Export-Csv write it as shown (Get-TipTask -Status takes the same names).
        /// </summary>
        public string Status
        {
            get => EnumNames<TipTaskStatus>.Of(State);
            set => State = EnumNames<TipTaskStatus>.Parse(value, "task status");
        }

        /// <summary>The status, typed; <see cref="Status"/> is its name.</summary>
        internal TipTaskStatus State { get; set; }

        /// <summary>The OS user that created it.</summary>
        public string CreatedBy { get; set; } = "";

        /// <summary>When the task was created, in UTC (offset +00:00).</summary>
        public DateTimeOffset Created
        {
            get => _created;
            set => _created = value.ToUniversalTime();
        }

        /// <summary>When the task last changed, in UTC (offset +00:00).</summary>
        public DateTimeOffset LastUpdate
        {
            get => _lastUpdate;
            set => _lastUpdate = value.ToUniversalTime();
        }

        public string Tenant { get; set; } = "Main";

        /// <summary>A ThreatAnalysis task's file name (no folder: the path may be private); null for lookups.</summary>
        public string? FileName { get; set; }

        /// <summary>A ThreatAnalysis task's file reached the service: a restart polls for the result instead of uploading again.</summary>
        public bool Uploaded { get; set; }

        /// <summary>The service the task buys from: Tip or OpenTip; a restart goes to the same one.</summary>
        public string Service { get; set; } = nameof(Api.PortalService.Tip);

        public int Total { get; set; }

        public int Done { get; set; }

        public int Failed { get; set; }

        public int Pending { get; set; }

        /// <summary>The sections asked for (empty: every section of each type); a CSV cell joins them with "; ".</summary>
        public TipList<string> Sections
        {
            get => _sections;
            set => _sections = TipList<string>.From(value);
        }

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

        private DateTimeOffset _created;
        private DateTimeOffset _lastUpdate;
        private TipList<string> _sections = TipList<string>.Empty;

        public override string ToString() => $"Task {Id} {Status} {Done}/{Total}";
    }
}
