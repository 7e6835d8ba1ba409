namespace KumaTip.Core.Storage
{
    /// <summary>What went wrong with the data directory during a lookup.</summary>
    public enum TipStorageProblem
    {
        /// <summary>Less free space than the reserve: no more answers are bought.</summary>
        SpaceLow,

        /// <summary>A write failed and kept failing (no space left, an I/O error, a lock held by another process).</summary>
        WriteFailed,

        /// <summary>A write did not finish within its bound: the file or the disk is stuck.</summary>
        WriteHung,
    }
}
