using System;

namespace KumaTip.Core.Analysis
{
    /// <summary>A file that cannot be analysed as asked (missing, empty, too large) or an analysis that did not finish.</summary>
    public sealed class FileAnalysisException : Exception
    {
        public FileAnalysisException(string errorId, string path, string message, int? taskId = null, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Path = path;
            TaskId = taskId;
        }

        /// <summary>FileNotFound, FileEmpty, FileTooLarge, AnalysisTimedOut, AnalysisLost.</summary>
        public string ErrorId { get; }

        public string Path { get; }

        public int? TaskId { get; }
    }
}
