using System;

namespace KumaTip.Core.Storage
{
    /// <summary>What Repair-TipDataStore did: where the damaged data file went and what was wrong with it.</summary>
    public sealed class TipDataStoreRepair
    {
        internal TipDataStoreRepair(string dataDirectory, string dataFile, string movedTo, string? logMovedTo, string problem, DateTimeOffset repairedAt)
        {
            DataDirectory = dataDirectory;
            DataFile = dataFile;
            MovedTo = movedTo;
            LogMovedTo = logMovedTo;
            Problem = problem;
            RepairedAt = repairedAt;
        }

        /// <summary>The data directory (KUMATIP_HOME or the per-OS default).</summary>
        public string DataDirectory { get; }

        /// <summary>The new, empty data file that took the damaged one's place.</summary>
        public string DataFile { get; }

        /// <summary>Where the damaged data file was moved (owner-only, the time of the repair in its name). Nothing in it was changed.</summary>
        public string MovedTo { get; }

        /// <summary>Where its LiteDB log file was moved beside it, under the name LiteDB looks for; empty when there was none.</summary>
        public string? LogMovedTo { get; }

        /// <summary>What was wrong with the data file.</summary>
        public string Problem { get; }

        /// <summary>When it was moved aside (UTC).</summary>
        public DateTimeOffset RepairedAt { get; }
    }
}
