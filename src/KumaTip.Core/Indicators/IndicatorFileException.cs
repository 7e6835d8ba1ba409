using System;

namespace KumaTip.Core.Indicators
{
    /// <summary>A whole file cannot be read as indicators (no indicator column, not a JSON array, malformed). Names the file and the cure.</summary>
    public sealed class IndicatorFileException : Exception
    {
        public IndicatorFileException(string path, string reason, string errorId, Exception? inner = null)
            : base("Cannot read indicators from '" + path + "': " + reason, inner)
        {
            Path = path;
            ErrorId = errorId;
        }

        public string Path { get; }

        /// <summary>A stable id for the error record: <c>IndicatorColumnNotFound</c>, <c>IndicatorFileMalformed</c>.</summary>
        public string ErrorId { get; }
    }
}
