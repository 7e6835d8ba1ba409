using System;
using System.Threading;
using System.Threading.Tasks;
using KumaTip.Core.Storage;
using Npgsql;
using Polly;
using Polly.Retry;

namespace KumaTip.Core.Stores.Postgres
{
    /// <summary>
    /// The team store: the cache, tasks, ledger, licences and quota reservations of every user of a tenant in one
    /// PostgreSQL database (schema <c>kumatip</c>, see Migrations/). Connections come from one pooled data source; a
    /// transaction lives on the thread that opened it (store methods called inside join it, as with the LiteDB file). A
    /// dropped connection or a restarting server is retried with Polly; a refusal (password, grant) or a schema mismatch
    /// is not. The password never appears in <see cref="Location"/>, messages or exceptions.
    /// </summary>
    public sealed class PostgresLookupStore : ILookupStore
    {
        /// <summary>The schema version this module reads and writes (the highest migration it carries).</summary>
        public static int SchemaVersion => MigrationCatalog.LatestVersion;

        // Connections by connection string (Npgsql pools them), not an NpgsqlDataSource: its base type lives in a different
        // assembly on netstandard2.0 (Npgsql's) than on .NET 8+ (System.Data.Common), and this assembly is netstandard2.0.
        private readonly ThreadLocal<NpgsqlConnection?> _scope = new ThreadLocal<NpgsqlConnection?>();
        private readonly ResiliencePipeline _retry;
        private readonly object _syncRoot = new object();
        private int _schemaChecked;
        private int _retrying;
        private int _recoveries;

        /// <param name="connectionString">An Npgsql connection string (its password, when any, is used and never shown).</param>
        /// <param name="time">The clock (task times, ledger rows).</param>
        /// <param name="retryDelays">The waits between attempts after a dropped connection (default: 0.5, 1, 2, 4 s).</param>
        /// <exception cref="ArgumentException">The connection string is not one.</exception>
        public PostgresLookupStore(string connectionString, TimeProvider? time = null, TimeSpan[]? retryDelays = null)
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            // An unreachable host should fail in seconds, not after four 15-second waits.
            if (!new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.ContainsKey("Timeout")) builder.Timeout = 5;
            Host = builder.Host ?? "localhost";
            Port = builder.Port;
            User = builder.Username ?? Environment.UserName;
            DatabaseName = builder.Database ?? User;
            Location = "team store '" + DatabaseName + "' on " + Host + ":" + Port + " (user " + User + ")";
            Identity = "postgresql://" + Host + ":" + Port + "/" + DatabaseName;
            ConnectionString = builder.ConnectionString;
            Time = time ?? TimeProvider.System;
            var delays = retryDelays ?? new[] { TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4) };
            _retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(PostgresErrors.IsTransient),
                MaxRetryAttempts = Math.Max(1, delays.Length),
                OnRetry = _ =>
                {
                    Interlocked.Increment(ref _retrying);
                    return default;
                },
                DelayGenerator = args => new ValueTask<TimeSpan?>(delays[Math.Min(args.AttemptNumber, delays.Length - 1)]),
            }).Build();
            Cache = new PostgresResultCache(this);
            Tasks = new PostgresTaskStore(this);
            Ledger = new PostgresLedgerStore(this);
            Licenses = new PostgresLicenseStore(this);
            Reservations = new PostgresQuotaReservationStore(this);
            Claims = new PostgresIndicatorClaims(this);
        }

        public string Host { get; }

        public int Port { get; }

        public string DatabaseName { get; }

        public string User { get; }

        public string Location { get; }

        public string Identity { get; }

        public string? LocalDirectory => null;

        public bool IsShared => true;

        public object SyncRoot => _syncRoot;

        internal TimeProvider Time { get; }

        /// <summary>With the password: for the body loaders of results that outlive this store. Never shown.</summary>
        internal string ConnectionString { get; }

        internal DateTime Now => Time.GetUtcNow().UtcDateTime;

        public IResultCache Cache { get; }

        public ITaskStore Tasks { get; }

        public ILedgerStore Ledger { get; }

        public ILicenseStore Licenses { get; }

        public IQuotaReservationStore Reservations { get; }

        public IIndicatorClaims? Claims { get; }

        public bool IsInTransaction => _scope.Value != null;

        public int Recoveries => Volatile.Read(ref _recoveries);

        public T InTransaction<T>(Func<T> work)
        {
            if (_scope.Value != null)
            {
                throw new InvalidOperationException("A database transaction was opened inside another on the same thread; the inner work must join the outer transaction.");
            }
            // The whole transaction is tried again after a dropped connection: the server rolled it back, so nothing of
            // it was kept. (In-memory bookkeeping the work did is lost with it: a quota grant then counts until its lease ends.)
            return Retry(() =>
            {
                using var connection = OpenConnection();
                using var transaction = connection.BeginTransaction();
                _scope.Value = connection;
                try
                {
                    var result = work();
                    transaction.Commit();
                    return result;
                }
                finally
                {
                    _scope.Value = null;
                }
            });
        }

        public void ReadInTransaction(Action work) => InTransaction(() =>
        {
            work();
            return true;
        });

        /// <summary>Runs <paramref name="work"/> on this thread's transaction, or on a connection of its own (retried when dropped).</summary>
        internal T Use<T>(Func<NpgsqlConnection, T> work)
        {
            if (_scope.Value is { } current) return work(current);
            return Retry(() =>
            {
                using var connection = OpenConnection();
                return work(connection);
            });
        }

        private T Retry<T>(Func<T> work)
        {
            try
            {
                var retriedBefore = Volatile.Read(ref _retrying);
                var result = _retry.Execute(work);
                // Worked after at least one retry (of this call or another thread's): the connection was back.
                if (Volatile.Read(ref _retrying) != retriedBefore) Interlocked.Increment(ref _recoveries);
                return result;
            }
            catch (Exception ex) when (PostgresErrors.Translate(ex, this) is { } translated)
            {
                throw translated;
            }
        }

        private NpgsqlConnection OpenConnection()
        {
            var connection = new NpgsqlConnection(ConnectionString);
            connection.Open();
            try
            {
                if (Interlocked.CompareExchange(ref _schemaChecked, 1, 0) == 0)
                {
                    try
                    {
                        CheckSchema(connection);
                    }
                    catch
                    {
                        Interlocked.Exchange(ref _schemaChecked, 0);
                        throw;
                    }
                }
                return connection;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        /// <summary>Refuses a store without KumaTip's schema, or with another version of it, before anything is read or written.</summary>
        private void CheckSchema(NpgsqlConnection connection)
        {
            // The migrator's own reading (a catalog query, which also sees a schema another host created a moment ago).
            var installed = SchemaMigrator.ReadAsync(connection, CancellationToken.None).GetAwaiter().GetResult();
            var version = installed?.Version ?? 0;
            var installedBy = installed?.ModuleVersion;
            if (version == SchemaVersion) return;
            string message;
            if (version < 1)
            {
                message = "The " + Location + " holds no KumaTip schema yet. Its owner (or an administrator) runs Initialize-TipStore once to create it.";
            }
            else if (version < SchemaVersion)
            {
                message = "The " + Location + " has KumaTip schema version " + version + "; this module needs version " + SchemaVersion +
                          ". Its owner (or an administrator) runs Initialize-TipStore to upgrade it.";
            }
            else
            {
                message = "The " + Location + " has KumaTip schema version " + version + ", newer than this module knows (" + SchemaVersion +
                          "): KumaTip " + installedBy + " upgraded it. Install KumaTip " + installedBy + " or newer (Update-Module KumaTip), then try again.";
            }
            throw new TipStorageException(Location, TipStorageProblem.SchemaMismatch, message);
        }

        /// <summary>A command on <paramref name="connection"/> with positional parameters $1, $2…</summary>
        internal static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object?[] values)
        {
            var command = new NpgsqlCommand(sql, connection);
            foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
            return command;
        }

        public void Dispose()
        {
            // Bounded like the LiteDB file's: a lookup's last grant can still be given back on a pool thread.
            var entered = Monitor.TryEnter(_syncRoot, TimeSpan.FromSeconds(3));
            try
            {
                _scope.Dispose();
            }
            finally
            {
                if (entered) Monitor.Exit(_syncRoot);
            }
        }
    }
}
