using System;
using System.IO;
using System.Threading;
using LiteDB;

namespace KumaTip.Core.Storage
{
    /// <summary>
    /// The one LiteDB file in the data directory, opened in shared mode so several PowerShell processes can use
    /// it at once. Stores own their collections (names below); nothing else touches LiteDB directly.
    /// </summary>
    public sealed class TipDatabase : IDisposable
    {
        public const string FileName = "kumatip.db";

        public const string Secrets = "secrets";
        public const string Settings = "settings";
        public const string Results = "results";
        /// <summary>Bodies of cached answers, keyed like <see cref="Results"/>: kept apart so listing results stays small and fast.</summary>
        public const string ResultBodies = "result_bodies";
        public const string Tasks = "tasks";
        public const string TaskItems = "task_items";
        public const string Ledger = "ledger";
        public const string Counters = "counters";
        public const string Licenses = "licenses";

        public TipDatabase(string directory)
        {
            Directory = DataDirectory.EnsureCreated(directory);
            Path = System.IO.Path.Combine(Directory, FileName);
            var mapper = new BsonMapper();
            mapper.EnumAsInteger = false;
            Db = new LiteDatabase(new ConnectionString { Filename = Path, Connection = ConnectionType.Shared }, mapper);
            // Touch the file so its permissions can be set before anything sensitive is written to it.
            Db.GetCollectionNames();
            OwnerOnly.RestrictFile(Path);
        }

        /// <summary>Opens the database in the directory <see cref="DataDirectory.Resolve"/> names.</summary>
        public static TipDatabase OpenDefault() => new TipDatabase(DataDirectory.Resolve());

        public string Directory { get; }

        public string Path { get; }

        public LiteDatabase Db { get; }

        /// <summary>
        /// Runs <paramref name="work"/> as one transaction (one hold of the shared file's lock): committed when it
        /// returns, rolled back when it throws. Work that only reads commits nothing. Not nestable: code that runs
        /// inside a caller's transaction (TaskStore.RecordItems, ResultCache.Put) joins it instead of calling this.
        /// </summary>
        /// <exception cref="InvalidOperationException">This thread is already in a transaction.</exception>
        public T InTransaction<T>(Func<T> work) => Transact(work, commit: true);

        /// <summary>
        /// Runs reads as one transaction (one open of the shared file for all of them), rolled back at the end: a
        /// commit of nothing still costs. Not nestable, like <see cref="InTransaction{T}(Func{T})"/>.
        /// </summary>
        public void ReadInTransaction(Action work) => Transact(() =>
        {
            work();
            return true;
        }, commit: false);

        private T Transact<T>(Func<T> work, bool commit)
        {
            // Refused before LiteDB sees it: a second BeginTrans on the thread loses the outer transaction's writes in
            // shared mode and keeps the file's mutex taken once more than it is released, which blocks every process.
            if (_inTransaction.Value)
            {
                throw new InvalidOperationException("A database transaction was opened inside another on the same thread; the inner work must join the outer transaction.");
            }
            _inTransaction.Value = true;
            try
            {
                Db.BeginTrans();
                try
                {
                    var result = work();
                    if (commit) Db.Commit();
                    else Db.Rollback();
                    return result;
                }
                catch
                {
                    Db.Rollback();
                    throw;
                }
            }
            finally
            {
                _inTransaction.Value = false;
            }
        }

        private readonly ThreadLocal<bool> _inTransaction = new ThreadLocal<bool>();

        /// <inheritdoc cref="InTransaction{T}(Func{T})"/>
        public void InTransaction(Action work) => InTransaction(() =>
        {
            work();
            return true;
        });

        public void Dispose()
        {
            Db.Dispose();
            _inTransaction.Dispose();
        }
    }
}
