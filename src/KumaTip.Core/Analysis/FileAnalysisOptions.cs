using System;
using System.Threading.Tasks;

namespace KumaTip.Core.Analysis
{
    /// <summary>How one file analysis runs.</summary>
    public sealed class FileAnalysisOptions
    {
        /// <summary>
        /// Largest file uploaded. OpenTIP does not publish its limit (tip-api.md §7.2); 256 MB is what a gateway in front of
        /// it allows, and a file past it is refused here before a byte is sent.
        /// </summary>
        public const long DefaultMaxBytes = 256L * 1024 * 1024;

        /// <summary>Upload even when the service already has a sandbox result for the file's hash.</summary>
        public bool Force { get; set; }

        public long MaxBytes { get; set; } = DefaultMaxBytes;

        /// <summary>How long to poll for the result before giving up (the task stays restartable). "May take several minutes."</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(15);

        /// <summary>Between polls: clients of the live service poll every 20–30 s (tip-api.md §8.2).</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(20);

        /// <summary>
        /// Asked (full path, SHA-256) once the file is known to need an upload, so a confirmation prompt comes only for files
        /// that would really leave the machine; false skips the file. Null uploads without asking.
        /// </summary>
        public Func<string, string, Task<bool>>? ConfirmUpload { get; set; }
    }
}
