using System.Management.Automation;
using KumaTip.Core.Storage;
using KumaTip.Core.Stores;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Shows where this user's cache, tasks and quota ledger live: the local LiteDB file or a PostgreSQL team store, with its server, database, user and schema version.</summary>
    /// <remarks>
    /// Get-TipStore returns one TipStore: Kind (LiteDb or PostgreSql); Source (Default when nothing was chosen, Saved by
    /// Set-TipStore, or Environment when KUMATIP_STORE overrides the saved choice); Status; Server, Port, Database and
    /// User (for LiteDB, Database is the data file's path); PasswordSaved (whether a password is held; never the password);
    /// Schema (kumatip); SchemaVersion (what the database has); SchemaModuleVersion (the KumaTip version that installed
    /// it); ModuleSchemaVersion (what this module uses) and ModuleVersion.
    ///
    /// For a team store it connects and reads the schema version from kumatip.schema_migrations. Status is then Ready;
    /// NotInitialized (no schema yet: a warning says to run Initialize-TipStore);
    /// Outdated (an older schema: a warning says to run Initialize-TipStore to upgrade it); or Newer (a schema newer than
    /// this module: a warning names the KumaTip version to install). When the server cannot be used, Get-TipStore writes
    /// the TipStore with Status Unavailable and one error naming the server, database and user and what to check:
    /// TipStoreUnreachable, TipStoreAuthenticationFailed (wrong or missing password), TipStoreDatabaseMissing,
    /// TipStorePermissionDenied (the user has no tenant role: the message says how the administrator grants one). Connection
    /// failures that may pass (a refused or dropped connection, a server starting up) are retried first. A KUMATIP_STORE
    /// that is not a valid connection string gives TipStoreInvalidConnectionString. No password is ever shown.
    ///
    /// The store is chosen per user, not per tenant: -Tenant is ignored.
    /// </remarks>
    /// <example>
    /// <code>Get-TipStore</code>
    /// <para>Shows the store in use. On a fresh machine: LiteDb, Source Default, and the path of the local data file.</para>
    /// </example>
    /// <example>
    /// <code>$store = Get-TipStore -ErrorAction Stop
    /// if ($store.Kind -ne 'PostgreSql' -or $store.Status -ne 'Ready') { throw "This runbook host must use the team store; Get-TipStore says $($store.Kind) $($store.Status)." }</code>
    /// <para>A runbook guard on an unattended host configured with KUMATIP_STORE: stops before buying anything when the team store is not reachable or not set up.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "TipStore", HelpUri = HelpLinks.Base + "Get-TipStore.md")]
    [OutputType(typeof(TipStore))]
    public sealed class GetTipStoreCommand : WorkspaceCmdlet
    {
        /// <summary>Only reads: a read-only data directory is opened read-only.</summary>
        internal override StorageAccess Access => StorageAccess.Read;

        protected override void OnProcessRecord()
        {
            StoreChoice choice;
            try
            {
                choice = StoreChoice.Resolve(Workspace);
            }
            catch (TipStoreException ex)
            {
                WriteError(TipErrors.From(ex));
                return;
            }
            WriteVerbose("The store in use: " + choice.Describe() + ".");
            var service = new TipStoreService();
            var dataFile = Workspace.Database.Path;
            if (choice.Kind == StoreKind.LiteDb)
            {
                WriteObject(service.Describe(choice, dataFile, TipStoreStatus.Ready));
                return;
            }
            RunAsync(async () =>
            {
                try
                {
                    var store = await service.GetAsync(choice, dataFile, StopToken).ConfigureAwait(false);
                    QueueObject(store);
                    if (TipStoreService.Advice(store) is { } advice) QueueWarning(advice);
                }
                catch (TipStoreException ex)
                {
                    QueueObject(service.Describe(choice, dataFile, TipStoreStatus.Unavailable));
                    QueueError(TipErrors.From(ex));
                }
            });
        }
    }
}
