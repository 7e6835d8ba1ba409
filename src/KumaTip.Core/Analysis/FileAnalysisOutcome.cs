using KumaTip.Core.Api;

namespace KumaTip.Core.Analysis
{
    /// <summary>What became of one file: its hash, whether it was uploaded, the task, and the service's answer.</summary>
    public sealed class FileAnalysisOutcome
    {
        public FileAnalysisOutcome(string path, string sha256, bool uploaded, int? taskId, TipApiResponse? response)
        {
            Path = path;
            Sha256 = sha256;
            Uploaded = uploaded;
            TaskId = taskId;
            Response = response;
        }

        public string Path { get; }

        public string Sha256 { get; }

        /// <summary>False when the service already had a sandbox result and nothing was sent but the hash.</summary>
        public bool Uploaded { get; }

        /// <summary>The ThreatAnalysis task; null when nothing was uploaded.</summary>
        public int? TaskId { get; }

        /// <summary>The service's answer; null when the upload was declined (-Confirm answered No).</summary>
        public TipApiResponse? Response { get; }
    }
}
