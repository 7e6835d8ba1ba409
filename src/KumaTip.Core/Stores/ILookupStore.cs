using System;

namespace KumaTip.Core.Stores
{
    /// <summary>
    /// Where lookups keep what they paid for: the cache, tasks and their items, the quota ledger, the licence snapshot
    /// and the quota reservations. The local LiteDB file (one user) or a shared PostgreSQL (a team). Secrets and
    /// connection settings are not here: they stay in each user's data directory.
    /// </summary>
    public interface ILookupStore : IDisposable
    {
        /// <summary>For messages: "data directory '/home/x/.local/share/kumatip'" or "team store 'kumatip' on db.corp:5432 as soc_analyst" (never a password).</summary>
        string Location { get; }

        /// <summary>A key that names this store in the process (running tasks are registered under it).</summary>
        string Identity { get; }

        /// <summary>The folder whose free space bounds the writes; null when the store is not on this machine.</summary>
        string? LocalDirectory { get; }

        /// <summary>True when other users share the store (tasks of others are shown, owners are named with their user).</summary>
        bool IsShared { get; }

        IResultCache Cache { get; }

        ITaskStore Tasks { get; }

        ILedgerStore Ledger { get; }

        ILicenseStore Licenses { get; }

        IQuotaReservationStore Reservations { get; }

        /// <summary>Claims on indicators being bought, for stores several processes share at once; null when the store has none (LiteDB).</summary>
        IIndicatorClaims? Claims { get; }

        /// <summary>
        /// Runs <paramref name="work"/> as one transaction: committed when it returns, rolled back when it throws. Store
        /// methods called inside join it. Not nestable.
        /// </summary>
        T InTransaction<T>(Func<T> work);

        /// <summary>Runs reads as one transaction (one open for all of them); nothing is written.</summary>
        void ReadInTransaction(Action work);

        /// <summary>True while this thread runs inside <see cref="InTransaction{T}"/>.</summary>
        bool IsInTransaction { get; }

        /// <summary>How many times a dropped connection was tried again and then worked, since the store was opened (0 for a local file).</summary>
        int Recoveries { get; }

        /// <summary>What the lookup service locks around each use of the store (LiteDB's shared-mode lock belongs to a thread); disposing waits for it.</summary>
        object SyncRoot { get; }
    }
}
