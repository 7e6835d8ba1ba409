using System;

namespace KumaTip.Core.Analysis
{
    /// <summary>A step of a file analysis, for Write-Progress: hashing, checking, uploading, waiting for the sandbox.</summary>
    public sealed class FileAnalysisProgress
    {
        public FileAnalysisProgress(string fileName, string activity, TimeSpan elapsed, TimeSpan timeout)
        {
            FileName = fileName;
            Activity = activity;
            Elapsed = elapsed;
            Timeout = timeout;
        }

        public string FileName { get; }

        public string Activity { get; }

        public TimeSpan Elapsed { get; }

        public TimeSpan Timeout { get; }

        /// <summary>0–100 of the time allowed, for a progress bar that does not claim to know the sandbox's pace.</summary>
        public int Percent => Timeout <= TimeSpan.Zero ? 0 : (int)Math.Min(99, Elapsed.Ticks * 100 / Timeout.Ticks);
    }
}
