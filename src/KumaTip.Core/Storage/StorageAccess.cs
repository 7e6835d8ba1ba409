namespace KumaTip.Core.Storage
{
    /// <summary>What a caller means to do with the data directory, which decides what a read-only one gets.</summary>
    public enum StorageAccess
    {
        /// <summary>
        /// Reads (and writes when it can): a data directory or data file this user cannot write is opened read-only, and
        /// a write then fails with <see cref="TipStorageProblem.ReadOnly"/>. Get-TipLookup, Get-TipTask and the like.
        /// </summary>
        Read,

        /// <summary>Writes: a data directory or data file this user cannot write is refused at once with <see cref="TipStorageProblem.ReadOnly"/>.</summary>
        Write,
    }
}
