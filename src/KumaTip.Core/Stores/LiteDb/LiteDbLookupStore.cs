using System;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Stores.LiteDb
{
    /// <summary>The embedded default: the cache, tasks, ledger, licences and reservations in the user's LiteDB file.</summary>
    public sealed class LiteDbLookupStore : ILookupStore
    {
        private readonly bool _ownsDatabase;
        private QuotaReservationStore? _reservations;

        /// <param name="database">The data directory's database.</param>
        /// <param name="time">The clock (task times, ledger rows).</param>
        /// <param name="ownsDatabase">Whether <see cref="Dispose"/> closes <paramref name="database"/>.</param>
        public LiteDbLookupStore(TipDatabase database, TimeProvider? time = null, bool ownsDatabase = false)
        {
            Database = database;
            _ownsDatabase = ownsDatabase;
            time ??= TimeProvider.System;
            Cache = new ResultCache(database);
            Tasks = new TaskStore(database, time);
            Ledger = new LedgerStore(database, time);
            Licenses = new LicenseStore(database);
        }

        public TipDatabase Database { get; }

        public string Location => "data directory '" + Database.Directory + "'";

        public string Identity => Database.Path;

        public string? LocalDirectory => Database.Directory;

        public bool IsShared => false;

        public ResultCache Cache { get; }

        public TaskStore Tasks { get; }

        public LedgerStore Ledger { get; }

        public LicenseStore Licenses { get; }

        /// <summary>Made on first use: a reading cmdlet never touches the collection.</summary>
        public QuotaReservationStore Reservations => _reservations ??= new QuotaReservationStore(Database);

        IResultCache ILookupStore.Cache => Cache;

        ITaskStore ILookupStore.Tasks => Tasks;

        ILedgerStore ILookupStore.Ledger => Ledger;

        ILicenseStore ILookupStore.Licenses => Licenses;

        IQuotaReservationStore ILookupStore.Reservations => Reservations;

        /// <summary>None: one user's file, where two runs buying the same indicator at the same moment are rare enough.</summary>
        public IIndicatorClaims? Claims => null;

        public T InTransaction<T>(Func<T> work) => Database.InTransaction(work);

        public void ReadInTransaction(Action work) => Database.ReadInTransaction(work);

        public bool IsInTransaction => Database.IsInTransaction;

        public int Recoveries => 0;

        /// <summary>The database itself: its Dispose waits for the lock (a quota grant given back on a pool thread).</summary>
        public object SyncRoot => Database;

        public void Dispose()
        {
            if (_ownsDatabase) Database.Dispose();
        }
    }
}
