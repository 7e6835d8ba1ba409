using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace KumaTip.Core.Stores.Postgres
{
    /// <summary>
    /// Creates or upgrades the team store's schema: each migration not yet recorded in kumatip.schema_migrations runs in
    /// its own transaction, under a transaction-scoped advisory lock, and records its version with this module's version.
    /// Two hosts at once: the second waits for the lock, then sees the version the first recorded and does nothing. A
    /// database whose schema is newer than this module knows is refused, naming the KumaTip version that installed it.
    /// </summary>
    internal sealed class SchemaMigrator
    {
        public const string Schema = "kumatip";

        /// <summary>The advisory lock every KumaTip migration holds (any constant; "KumaTip" + 1 in ASCII).</summary>
        public const long LockKey = 0x4B756D61546970_01;

        private readonly IReadOnlyList<Migration> _migrations;
        private readonly string _moduleVersion;

        public SchemaMigrator(IReadOnlyList<Migration> migrations, string moduleVersion)
        {
            _migrations = migrations;
            _moduleVersion = moduleVersion;
        }

        /// <summary>The migrations this module ships, recorded with this module's version.</summary>
        public static SchemaMigrator ForModule() => new SchemaMigrator(MigrationCatalog.Module, ModuleInfo.Version);

        public int LatestVersion => _migrations.Count == 0 ? 0 : _migrations[_migrations.Count - 1].Version;

        /// <summary>The schema version the database has; null when it has no KumaTip schema (or this user cannot see it).</summary>
        public static async Task<InstalledSchema?> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
        {
            // A catalog query, not to_regclass: that answers from the backend's catalog cache, which still says "no such table"
            // after waiting for the advisory lock while another host created it (the cache is refreshed at transaction start
            // and on relation locks, not by an advisory lock). The query below sees what is committed, and the SELECT after it
            // locks the table, which refreshes the cache.
            using (var exists = new NpgsqlCommand(
                "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
                "WHERE n.nspname = 'kumatip' AND c.relname = 'schema_migrations')", connection))
            {
                if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!) return null;
            }
            using var read = new NpgsqlCommand("SELECT version, module_version FROM kumatip.schema_migrations ORDER BY version DESC LIMIT 1", connection);
            using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) return null;
            return new InstalledSchema(reader.GetInt32(0), reader.GetString(1));
        }

        /// <summary>Applies what is missing; returns the versions applied (none when the schema was current).</summary>
        /// <exception cref="TipStoreException">The schema is newer than this module knows (<see cref="TipStoreProblem.SchemaNewer"/>).</exception>
        public async Task<IReadOnlyList<int>> MigrateAsync(NpgsqlConnection connection, PostgresConnectionString target, CancellationToken cancellationToken)
        {
            var applied = new List<int>();
            // Without the lock first: a current schema (the usual case) costs one read and no wait behind another host.
            var seen = await ReadAsync(connection, cancellationToken).ConfigureAwait(false);
            RefuseNewer(seen, target);
            if (seen != null && seen.Version >= LatestVersion) return applied;

            foreach (var migration in _migrations)
            {
                // Npgsql's netstandard2.0 build has no BeginTransactionAsync; BEGIN goes out with the next command anyway.
                using var transaction = connection.BeginTransaction();
                using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
                {
                    lockCommand.Parameters.AddWithValue("key", LockKey);
                    await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                // Read again under the lock: another host may have applied it while this one waited.
                var installed = await ReadAsync(connection, cancellationToken).ConfigureAwait(false);
                RefuseNewer(installed, target);
                if (installed != null && installed.Version >= migration.Version)
                {
                    await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }
                using (var apply = new NpgsqlCommand(migration.Sql, connection, transaction))
                {
                    await apply.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                using (var record = new NpgsqlCommand("INSERT INTO kumatip.schema_migrations (version, module_version) VALUES (@version, @module)", connection, transaction))
                {
                    record.Parameters.AddWithValue("version", migration.Version);
                    record.Parameters.AddWithValue("module", _moduleVersion);
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                applied.Add(migration.Version);
            }
            return applied;
        }

        /// <summary>
        /// For the stores: refuses a database without the schema, with an older one (both: run Initialize-TipStore) or a newer
        /// one (install the KumaTip version that wrote it). Never retried.
        /// </summary>
        /// <exception cref="TipStoreException"><see cref="TipStoreProblem.SchemaMissing"/> or <see cref="TipStoreProblem.SchemaNewer"/>.</exception>
        public async Task<InstalledSchema> RequireCurrentAsync(NpgsqlConnection connection, PostgresConnectionString target, CancellationToken cancellationToken)
        {
            var installed = await ReadAsync(connection, cancellationToken).ConfigureAwait(false);
            RefuseNewer(installed, target);
            if (installed == null || installed.Version < LatestVersion)
            {
                throw new TipStoreException(TipStoreProblem.SchemaMissing,
                    "The team store at " + target.Server + " (database '" + (target.Database ?? "(the user's name)") + "') " +
                    (installed == null ? "has no KumaTip schema yet" : "has schema version " + installed.Version + ", older than this KumaTip's " + LatestVersion) +
                    ". The administrator creates or upgrades it with Initialize-TipStore (as the schema's owner).", target.Server);
            }
            return installed;
        }

        private void RefuseNewer(InstalledSchema? installed, PostgresConnectionString target)
        {
            if (installed == null || installed.Version <= LatestVersion) return;
            throw new TipStoreException(TipStoreProblem.SchemaNewer,
                "The team store at " + target.Server + " (database '" + (target.Database ?? "(the user's name)") + "') has schema version " + installed.Version +
                ", installed by KumaTip " + installed.ModuleVersion + "; this KumaTip " + _moduleVersion + " knows schema versions up to " + LatestVersion +
                ". Install KumaTip " + installed.ModuleVersion + " or newer (Update-PSResource KumaTip, or Install-Module KumaTip -MinimumVersion " + installed.ModuleVersion + ").",
                target.Server);
        }
    }
}
