namespace KumaTip.Core.Storage
{
    /// <summary>What <see cref="DataStoreRepair.Diagnose"/> found: whether the data file exists and, if it is damaged, what is wrong.</summary>
    public sealed class DataFileDiagnosis
    {
        internal DataFileDiagnosis(string directory, string path, bool exists, string? problem)
        {
            Directory = directory;
            Path = path;
            Exists = exists;
            Problem = problem;
        }

        /// <summary>The data directory.</summary>
        public string Directory { get; }

        /// <summary>The data file (kumatip.db).</summary>
        public string Path { get; }

        /// <summary>Whether there is a data file at all.</summary>
        public bool Exists { get; }

        /// <summary>What is wrong with it, or null when its header and every record could be read.</summary>
        public string? Problem { get; }
    }
}
