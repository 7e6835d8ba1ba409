using System;
using System.Collections.Generic;
using LiteDB;
using LiteDB.Engine;

namespace KumaTip.Core.Storage
{
    /// <summary>
    /// LiteDB's shared-mode engine with KumaTip's guards around every operation: a bounded wait for the file
    /// (<see cref="DatabaseLock"/>), writes refused in a read-only data directory before LiteDB tries them, LiteDB's log
    /// file created owner-only before LiteDB would create it world-readable, and damage turned into one clear error.
    /// </summary>
    internal sealed class GuardedEngine : ILiteEngine
    {
        private readonly EngineSettings _settings;
        private readonly DatabaseLock _lock;
        private readonly string _directory;
        private readonly string _path;
        private readonly string _logPath;
        private readonly string? _readOnly;
        private volatile SharedEngine _inner;
        private volatile bool _inTransaction;

        /// <param name="directory">The data directory, for messages.</param>
        /// <param name="path">The data file.</param>
        /// <param name="readOnly">Why the directory cannot be written, or null when it can: writes are then refused.</param>
        /// <param name="lock">The bounded wait for the file, shared with <see cref="TipDatabase"/>.</param>
        public GuardedEngine(string directory, string path, string? readOnly, DatabaseLock @lock)
        {
            _directory = directory;
            _path = path;
            _logPath = DatabaseFileCheck.LogPath(path);
            _readOnly = readOnly;
            _lock = @lock;
            _settings = new EngineSettings { Filename = path, ReadOnly = readOnly != null };
            _inner = new SharedEngine(_settings);
        }

        public int Checkpoint() => Write(null, e => e.Checkpoint());

        public long Rebuild(RebuildOptions options) => Write(null, e => e.Rebuild(options));

        public bool BeginTrans()
        {
            var started = Run(null, writing: false, prepareLog: false, e => e.BeginTrans());
            if (started) _inTransaction = true;
            return started;
        }

        public bool Commit()
        {
            try
            {
                // Writing only when something was written, and writes were refused already when read-only.
                return Run(null, writing: false, prepareLog: _readOnly == null, e => e.Commit());
            }
            finally
            {
                _inTransaction = false;
            }
        }

        public bool Rollback()
        {
            try
            {
                return Run(null, writing: false, prepareLog: false, e => e.Rollback());
            }
            finally
            {
                _inTransaction = false;
            }
        }

        public IBsonDataReader Query(string collection, Query query)
            => Run(collection, writing: false, prepareLog: false, e => (IBsonDataReader)new GuardedReader(e.Query(collection, query), ex => Translate(ex, collection, writing: false)), query: true);

        public int Insert(string collection, IEnumerable<BsonDocument> docs, BsonAutoId autoId) => Write(collection, e => e.Insert(collection, docs, autoId));

        public int Update(string collection, IEnumerable<BsonDocument> docs) => Write(collection, e => e.Update(collection, docs));

        public int UpdateMany(string collection, BsonExpression transform, BsonExpression predicate) => Write(collection, e => e.UpdateMany(collection, transform, predicate));

        public int Upsert(string collection, IEnumerable<BsonDocument> docs, BsonAutoId autoId) => Write(collection, e => e.Upsert(collection, docs, autoId));

        public int Delete(string collection, IEnumerable<BsonValue> ids) => Write(collection, e => e.Delete(collection, ids));

        public int DeleteMany(string collection, BsonExpression predicate) => Write(collection, e => e.DeleteMany(collection, predicate));

        public bool DropCollection(string name) => Write(name, e => e.DropCollection(name));

        public bool RenameCollection(string name, string newName) => Write(name, e => e.RenameCollection(name, newName));

        // Stores ensure their indexes when they are made; a read-only file has whatever indexes it has, and queries work without them.
        public bool EnsureIndex(string collection, string name, BsonExpression expression, bool unique)
            => _readOnly != null ? false : Write(collection, e => e.EnsureIndex(collection, name, expression, unique));

        public bool DropIndex(string collection, string name) => Write(collection, e => e.DropIndex(collection, name));

        public BsonValue Pragma(string name) => Run(null, writing: false, prepareLog: false, e => e.Pragma(name));

        public bool Pragma(string name, BsonValue value) => Write(null, e => e.Pragma(name, value));

        private T Write<T>(string? collection, Func<ILiteEngine, T> operation)
        {
            if (_readOnly != null) throw DataDirectoryAccess.ReadOnly(_directory, _path, _readOnly);
            return Run(collection, writing: true, prepareLog: true, operation);
        }

        private T Run<T>(string? collection, bool writing, bool prepareLog, Func<ILiteEngine, T> operation, bool query = false)
        {
            using (_lock.Enter())
            {
                try
                {
                    // Under the mutex: no other KumaTip process can delete an empty log between this and LiteDB's open of it.
                    if (prepareLog) OwnerOnly.CreateFile(_logPath);
                    return operation(_inner);
                }
                catch (Exception ex) when (!(ex is TipStorageException))
                {
                    Recover(query);
                    if (Translate(ex, collection, writing) is { } translated) throw translated;
                    throw;
                }
            }
        }

        /// <summary>
        /// LiteDB 5.0.20 keeps the file's mutex for ever when a query fails before it returns its reader (the close is
        /// left to the reader that never came), so every other process then waits on the file for ever. Outside a
        /// transaction a fresh engine replaces this one, and disposing this one gives the hold back (it closes an open
        /// engine and releases once; it does nothing after operations that closed properly). In a transaction the
        /// transaction's own hold stays, and only the failed query's is given back.
        /// </summary>
        private void Recover(bool query)
        {
            if (_inTransaction)
            {
                if (query) _lock.ReleaseOnce();
                return;
            }
            var failed = _inner;
            _inner = new SharedEngine(_settings);
            try
            {
                failed.Dispose();
            }
            catch (Exception)
            {
                // Closing a damaged engine may fail in turn; the error the caller gets is the first one.
            }
        }

        private Exception? Translate(Exception ex, string? collection, bool writing)
        {
            if (ex is TipStorageException) return null;
            if (DatabaseDamage.IsDamage(ex)) return DatabaseFileCheck.Damaged(_directory, _path, DatabaseDamage.Describe(ex, collection, writing), ex);
            if (ex is UnauthorizedAccessException) return DataDirectoryAccess.ReadOnly(_directory, _path, "access to its files was denied (" + ex.Message + ")", ex);
            return null;
        }

        public void Dispose() => _inner.Dispose();
    }
}
