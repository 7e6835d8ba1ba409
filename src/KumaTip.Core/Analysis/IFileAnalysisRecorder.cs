using KumaTip.Core.Api;

namespace KumaTip.Core.Analysis
{
    /// <summary>
    /// Where a file analysis leaves its traces: its task in the task manager (type ThreatAnalysis) and the answer in the
    /// cache, like any hash answer. The analysis itself knows nothing of storage.
    /// </summary>
    public interface IFileAnalysisRecorder
    {
        /// <summary>Creates the ThreatAnalysis task for a file about to be uploaded; returns its id.</summary>
        int StartTask(string fileName, string sha256);

        /// <summary>The upload is done: a restart from here on polls instead of uploading again.</summary>
        void Uploaded(int taskId);

        /// <summary>Stores the final answer (cache) and completes the task.</summary>
        void Complete(int taskId, TipApiResponse response);

        /// <summary>Stores an answer that needed no upload (the service had a result already).</summary>
        void Known(TipApiResponse response);

        /// <summary>Ends the task without a result: the message says why and what to do.</summary>
        void Stop(int taskId, bool failed, string message);
    }
}
