using System;
using System.IO;
using System.Threading;
using LiteDB;

namespace KumaTip.Core.Storage
{
    /// <summary>
    /// The one LiteDB file in the data directory, opened in shared mode so several PowerShell processes can use
    /// it at once. Stores own their collections (names below); nothing else touches LiteDB directly. Every operation
    /// goes through <see cref="GuardedEngine"/>: a bounded wait for the file, owner-only files, read-only refusals and
    /// damage reported as one <see cref="TipStorageException"/> naming the file.
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
        /// <summary>Quota taken by requests on the wire, shared by every process on the data directory (<see cref="QuotaReservationStore"/>).</summary>
        public const string QuotaReservations = "quota_reservations";

        /// <summary>Opens (or creates) the data file in <paramref name="directory"/> for reading, and for writing when the directory allows it (<see cref="StorageAccess.Read"/>).</summary>
        public TipDatabase(string directory)
            : this(directory, StorageAccess.Read)
        {
        }

        /// <summary>
        /// Opens the data file in <paramref name="directory"/>, creating both when missing. A file that is not a sound
        /// LiteDB file is refused unchanged (<see cref="TipStorageProblem.Damaged"/>); a directory or file this user cannot
        /// write is opened read-only, or refused for <see cref="StorageAccess.Write"/> (<see cref="TipStorageProblem.ReadOnly"/>);
        /// a file another process holds for longer than <paramref name="wait"/> (default <see cref="DatabaseLock.ConfiguredWait"/>)
        /// is <see cref="TipStorageProblem.Busy"/>, here and on every later operation.
        /// </summary>
        /// <exception cref="TipStorageException">The data file is damaged, busy, or read-only for a writer.</exception>
        public TipDatabase(string directory, StorageAccess access, TimeSpan? wait = null)
        {
            Directory = CreateDirectory(directory);
            Path = System.IO.Path.Combine(Directory, FileName);
            var readOnly = DataDirectoryAccess.WhyReadOnly(Directory, Path);
            if (readOnly != null && access == StorageAccess.Write) throw DataDirectoryAccess.ReadOnly(Directory, Path, readOnly);
            IsReadOnly = readOnly != null;
            if (!IsReadOnly) OwnerOnly.RestrictDirectory(Directory);
            _lock = new DatabaseLock(Directory, Path, wait ?? DatabaseLock.ConfiguredWait);
            try
            {
                // One hold of the file for the check, the creation and LiteDB's first look: no other KumaTip process sees
                // the new file before LiteDB has written its header, or checks a file this one is changing.
                using (_lock.Enter())
                {
                    if (DatabaseFileCheck.Inspect(Directory, Path) is { } damaged) throw damaged;
                    if (!File.Exists(Path))
                    {
                        if (readOnly != null)
                        {
                            throw DataDirectoryAccess.ReadOnly(Directory, Path, readOnly + ", and it holds no data file yet");
                        }
                        // Owner-only from the first byte; LiteDB writes its header into the empty file below.
                        OwnerOnly.CreateFile(Path);
                    }
                    var mapper = new BsonMapper();
                    mapper.EnumAsInteger = false;
                    Db = new LiteDatabase(new GuardedEngine(Directory, Path, readOnly, _lock), mapper);
                    Db.GetCollectionNames();
                    if (!IsReadOnly)
                    {
                        // Files an earlier version (or LiteDB itself) left readable by others.
                        OwnerOnly.RestrictFile(Path);
                        OwnerOnly.RestrictFile(DatabaseFileCheck.LogPath(Path));
                    }
                }
            }
            catch
            {
                Db?.Dispose();
                _lock.Dispose();
                throw;
            }
        }

        private static string CreateDirectory(string directory)
        {
            if (System.IO.Directory.Exists(directory)) return directory;
            try
            {
                return DataDirectory.EnsureCreated(directory);
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException || ex is IOException)
            {
                throw DataDirectoryAccess.ReadOnly(directory, null, "it does not exist and cannot be created (" + ex.Message + ")", ex);
            }
        }

        /// <summary>Opens the database in the directory <see cref="DataDirectory.Resolve"/> names.</summary>
        public static TipDatabase OpenDefault() => new TipDatabase(DataDirectory.Resolve());

        public string Directory { get; }

        public string Path { get; }

        public LiteDatabase Db { get; } = null!;

        /// <summary>True when the directory or file cannot be written by this user: reads work, writes fail with <see cref="TipStorageProblem.ReadOnly"/>.</summary>
        public bool IsReadOnly { get; }

        private readonly DatabaseLock _lock;

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
            _transactionSerial.Value++;
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
                    try
                    {
                        Db.Rollback();
                    }
                    catch (Exception)
                    {
                        // A damaged or vanished file fails the rollback too; the error that stopped the work says more.
                    }
                    throw;
                }
            }
            finally
            {
                _inTransaction.Value = false;
            }
        }

        private readonly ThreadLocal<bool> _inTransaction = new ThreadLocal<bool>();

        private readonly ThreadLocal<long> _transactionSerial = new ThreadLocal<long>();

        /// <summary>Which of this thread's transactions runs now (or ran last): work done once per transaction compares it.</summary>
        internal long TransactionSerial => _transactionSerial.Value;

        /// <summary>True while this thread runs inside <see cref="InTransaction{T}(Func{T})"/>: work that needs one joins it then.</summary>
        public bool IsInTransaction => _inTransaction.Value;

        /// <inheritdoc cref="InTransaction{T}(Func{T})"/>
        public void InTransaction(Action work) => InTransaction(() =>
        {
            work();
            return true;
        });

        /// <summary>How long <see cref="Dispose"/> waits for an operation another thread is running on this file.</summary>
        private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(3);

        public void Dispose()
        {
            // A lookup's last quota reservation can still be given back on a pool thread (under LookupService.WithDatabase,
            // which locks this object) while the caller, its batch done, disposes the file: closing LiteDB under it would
            // throw here. Bounded: a write stuck inside LiteDB (a full disk) holds the lock for ever.
            var entered = Monitor.TryEnter(this, DisposeWait);
            try
            {
                Db.Dispose();
                _lock.Dispose();
                _inTransaction.Dispose();
                _transactionSerial.Dispose();
            }
            finally
            {
                if (entered) Monitor.Exit(this);
            }
        }
    }
}
