using System;

namespace KumaTip.Core.Storage
{
    /// <summary>
    /// The data directory cannot take more writes. A lookup that meets it stops buying at once, hands out what it holds,
    /// leaves the rest pending in its task, and ends with this one error naming the directory and the cause.
    /// </summary>
    public sealed class TipStorageException : Exception
    {
        public TipStorageException(string directory, TipStorageProblem problem, string message, Exception? inner = null)
            : base(message, inner)
        {
            Directory = directory;
            Problem = problem;
        }

        public string Directory { get; }

        public TipStorageProblem Problem { get; }
    }
}
