using System;

namespace KumaTip.Core.Storage
{
    /// <summary>
    /// The data directory or its data file cannot be used as the command needs: too little space, a write that failed
    /// or hung, a damaged file, a file another process holds, a read-only directory. The message names the directory
    /// or file and says what to do; it never holds a secret value.
    /// </summary>
    public sealed class TipStorageException : Exception
    {
        public TipStorageException(string directory, TipStorageProblem problem, string message, Exception? inner = null)
            : this(directory, null, problem, message, inner)
        {
        }

        public TipStorageException(string directory, string? file, TipStorageProblem problem, string message, Exception? inner = null)
            : base(message, inner)
        {
            Directory = directory;
            File = file;
            Problem = problem;
        }

        public string Directory { get; }

        /// <summary>The file concerned (the data file, its log, the key), when one is.</summary>
        public string? File { get; }

        public TipStorageProblem Problem { get; }

        /// <summary>What is wrong, in a few words (for a damaged file: what could not be read, and why), when known.</summary>
        public string? Detail { get; internal set; }
    }
}
