namespace KumaTip.Core.Storage
{
    /// <summary>What went wrong with the data directory or its data file.</summary>
    public enum TipStorageProblem
    {
        /// <summary>Less free space than the reserve: no more answers are bought.</summary>
        SpaceLow,

        /// <summary>A write failed and kept failing (no space left, an I/O error, a lock held by another process).</summary>
        WriteFailed,

        /// <summary>A write did not finish within its bound: the file or the disk is stuck.</summary>
        WriteHung,

        /// <summary>The data file is damaged or is not a KumaTip data file (empty, cut short, overwritten, unreadable pages).
        /// Nothing is changed in it; Repair-TipDataStore moves it aside and starts a new one.</summary>
        Damaged,

        /// <summary>Another process held the data file for longer than KumaTip waits (<see cref="DatabaseLock.WaitVariable"/>).</summary>
        Busy,

        /// <summary>The data directory or the data file cannot be written by this user, and the command needs to write.</summary>
        ReadOnly,

        /// <summary>The team store's server cannot be reached (down, wrong host or port, network), also after retries.</summary>
        Unreachable,

        /// <summary>The team store refused the user: wrong password, unknown role or database, or no grant for the tenant.</summary>
        AccessDenied,

        /// <summary>The team store's schema is missing, older or newer than this module's: Initialize-TipStore, or another module version.</summary>
        SchemaMismatch,
    }
}
