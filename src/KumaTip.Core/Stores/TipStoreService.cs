using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using KumaTip.Core.Stores.Postgres;
using Npgsql;

namespace KumaTip.Core.Stores
{
    /// <summary>
    /// Everything Get-TipStore and Initialize-TipStore do on the chosen store: describe it, read its schema version, create
    /// or upgrade the schema, set up tenant roles. Connection failures are retried when passing and end as one
    /// <see cref="TipStoreException"/> naming the server, never the password.
    /// </summary>
    public sealed class TipStoreService
    {
        private readonly PostgresRetry _retry;
        private readonly SchemaMigrator _migrator;

        public TipStoreService()
            : this(PostgresRetry.Default, SchemaMigrator.ForModule())
        {
        }

        internal TipStoreService(PostgresRetry retry, SchemaMigrator migrator)
        {
            _retry = retry;
            _migrator = migrator;
        }

        /// <summary>The newest schema version this module knows and Initialize-TipStore installs.</summary>
        public static int ModuleSchemaVersion => MigrationCatalog.LatestVersion;

        /// <summary>This module's version, recorded with every migration it applies.</summary>
        public static string ModuleVersion => ModuleInfo.Version;

        /// <summary>What <paramref name="choice"/> is, without contacting a server.</summary>
        /// <param name="choice">The store.</param>
        /// <param name="liteDbPath">The local data file, shown as the database of a LiteDB store.</param>
        /// <param name="status">A <see cref="TipStoreStatus"/> value.</param>
        public TipStore Describe(StoreChoice choice, string? liteDbPath, string status = TipStoreStatus.NotChecked)
            => Describe(choice, liteDbPath, status, null);

        /// <summary>
        /// Describes <paramref name="choice"/> and, for PostgreSQL, connects and reads the schema version: Status tells
        /// Ready, NotInitialized, Outdated or Newer.
        /// </summary>
        /// <exception cref="TipStoreException">The server cannot be reached or refuses the login or database.</exception>
        public async Task<TipStore> GetAsync(StoreChoice choice, string? liteDbPath, CancellationToken cancellationToken)
        {
            if (choice.Kind == StoreKind.LiteDb) return Describe(choice, liteDbPath, TipStoreStatus.Ready, null);
            var installed = await WithConnectionAsync(choice, (connection, token) => SchemaMigrator.ReadAsync(connection, token), cancellationToken).ConfigureAwait(false);
            return Describe(choice, liteDbPath, StatusOf(installed), installed);
        }

        /// <summary>
        /// Creates or upgrades the schema (idempotent; safe from several hosts at once), then sets up
        /// <paramref name="grant"/> when given. Returns the store as it is afterwards, and the versions applied.
        /// </summary>
        /// <exception cref="TipStoreException">Not PostgreSQL; unreachable; login or database refused; not allowed; a newer schema.</exception>
        public async Task<TipStoreInitialization> InitializeAsync(StoreChoice choice, TenantRoleGrant? grant, CancellationToken cancellationToken)
        {
            if (choice.Kind != StoreKind.PostgreSql)
            {
                throw new TipStoreException(TipStoreProblem.NotPostgreSql,
                    "The store is the local LiteDB file, which needs no initialisation. To set up a team store, choose it first " +
                    "(Set-TipStore -PostgreSql -ConnectionString 'Host=…;Database=…;Username=…' -Credential …, or KUMATIP_STORE), " +
                    "or give Initialize-TipStore -ConnectionString.");
            }
            return await WithConnectionAsync(choice, async (connection, token) =>
            {
                var applied = await _migrator.MigrateAsync(connection, choice.Postgres!, token).ConfigureAwait(false);
                if (grant != null) await TenantGrants.ApplyAsync(connection, grant, token).ConfigureAwait(false);
                var installed = await SchemaMigrator.ReadAsync(connection, token).ConfigureAwait(false);
                return new TipStoreInitialization(Describe(choice, null, StatusOf(installed), installed), applied);
            }, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Opens a connection to the team store (retrying passing failures) and refuses a schema that is missing, older or
        /// newer than this module's. For the PostgreSQL stores; the caller disposes the connection.
        /// </summary>
        /// <exception cref="TipStoreException">As <see cref="GetAsync"/>, plus <see cref="TipStoreProblem.SchemaMissing"/> and <see cref="TipStoreProblem.SchemaNewer"/>.</exception>
        internal async Task<NpgsqlConnection> OpenCurrentAsync(StoreChoice choice, CancellationToken cancellationToken)
        {
            var connection = await OpenAsync(choice, cancellationToken).ConfigureAwait(false);
            try
            {
                await _migrator.RequireCurrentAsync(connection, choice.Postgres!, cancellationToken).ConfigureAwait(false);
                return connection;
            }
            catch (Exception ex)
            {
                connection.Dispose();
                throw StoreConnectionErrors.From(ex, choice.Postgres!);
            }
        }

        /// <summary>Opens a connection to the team store, retrying passing failures; the caller disposes it.</summary>
        /// <exception cref="TipStoreException">Unreachable, login or database refused.</exception>
        internal async Task<NpgsqlConnection> OpenAsync(StoreChoice choice, CancellationToken cancellationToken)
        {
            var target = choice.Postgres ?? throw new InvalidOperationException("The store is not PostgreSQL.");
            try
            {
                return await _retry.ExecuteAsync(async token =>
                {
                    var connection = new NpgsqlConnection(target.ForNpgsql);
                    try
                    {
                        await connection.OpenAsync(token).ConfigureAwait(false);
                        return connection;
                    }
                    catch
                    {
                        connection.Dispose();
                        throw;
                    }
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                throw StoreConnectionErrors.From(ex, target);
            }
        }

        // One attempt = open + work: a connection dropped in the middle is retried as a whole (the work is idempotent).
        private async Task<T> WithConnectionAsync<T>(StoreChoice choice, Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        {
            var target = choice.Postgres!;
            try
            {
                return await _retry.ExecuteAsync(async token =>
                {
                    using var connection = new NpgsqlConnection(target.ForNpgsql);
                    await connection.OpenAsync(token).ConfigureAwait(false);
                    return await work(connection, token).ConfigureAwait(false);
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                throw StoreConnectionErrors.From(ex, target);
            }
        }

        private string StatusOf(InstalledSchema? installed)
        {
            if (installed == null) return TipStoreStatus.NotInitialized;
            if (installed.Version > _migrator.LatestVersion) return TipStoreStatus.Newer;
            if (installed.Version < _migrator.LatestVersion) return TipStoreStatus.Outdated;
            return TipStoreStatus.Ready;
        }

        private TipStore Describe(StoreChoice choice, string? liteDbPath, string status, InstalledSchema? installed) => new TipStore
        {
            Kind = choice.Kind.ToString(),
            Source = choice.Source.ToString(),
            Status = status,
            Server = choice.Server,
            Port = choice.Port,
            Database = choice.Kind == StoreKind.LiteDb ? liteDbPath : choice.Database,
            User = choice.User,
            PasswordSaved = choice.HasPassword,
            Schema = choice.Kind == StoreKind.PostgreSql ? SchemaMigrator.Schema : null,
            SchemaVersion = installed?.Version,
            SchemaModuleVersion = installed?.ModuleVersion,
            ModuleSchemaVersion = _migrator.LatestVersion,
            ModuleVersion = ModuleInfo.Version,
        };

        /// <summary>A message for a store whose status asks the user to act (null when Ready or not checked).</summary>
        public static string? Advice(TipStore store)
        {
            var where = "The team store at " + store.Server + ":" + store.Port + " (database '" + store.Database + "')";
            switch (store.Status)
            {
                case TipStoreStatus.NotInitialized:
                    return where + " has no KumaTip schema yet. The administrator creates it with Initialize-TipStore, connected as the schema's owner.";
                case TipStoreStatus.Outdated:
                    return where + " has schema version " + store.SchemaVersion + "; this KumaTip uses version " + store.ModuleSchemaVersion +
                           ". The administrator upgrades it with Initialize-TipStore.";
                case TipStoreStatus.Newer:
                    return where + " has schema version " + store.SchemaVersion + ", installed by KumaTip " + store.SchemaModuleVersion + "; this KumaTip " +
                           store.ModuleVersion + " knows versions up to " + store.ModuleSchemaVersion + ". Install KumaTip " + store.SchemaModuleVersion + " or newer.";
                default:
                    return null;
            }
        }
    }
}
