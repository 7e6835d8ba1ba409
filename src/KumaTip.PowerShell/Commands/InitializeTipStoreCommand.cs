using System.Linq;
using System.Management.Automation;
using KumaTip.Core.Storage;
using KumaTip.Core.Stores;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Creates or upgrades the PostgreSQL team store's schema, and sets up the database roles that give analysts access to their tenants.</summary>
    /// <remarks>
    /// Initialize-TipStore is the administrator's command. It connects to the team store (the one Get-TipStore shows, or
    /// the one given with -ConnectionString) and applies the schema migrations this module carries (schema kumatip, its
    /// tables, row-level security and the role kumatip_user) that the database does not have yet. Each migration runs in
    /// its own transaction under an advisory lock and is recorded in kumatip.schema_migrations with the module version, so
    /// running it twice does nothing the second time and two hosts running it at once are safe. A database whose schema is
    /// newer than this module knows is refused (TipStoreSchemaNewer) with the KumaTip version to install; nothing is changed.
    /// Run it as the user that is to own the schema (e.g. -Credential for the database owner): analysts do not need, and
    /// should not have, that right. It writes the TipStore afterwards; -Verbose says which versions were applied.
    ///
    /// Tenants are an access boundary in a team store: each row carries its tenant, and row-level security lets a role read
    /// and write only the tenants granted to it. -TenantRole soc_main -Tenant Main, Branch creates the NOLOGIN role soc_main
    /// when it is missing (the connecting user needs CREATEROLE), grants it kumatip_user, and grants it the tenants Main and
    /// Branch; -AllTenants grants every tenant (for a supervisors' or a runbook host's role); -Member alice, bob grants the
    /// role to existing login roles. All of it is idempotent, and role names are used exactly as given (case-sensitive).
    /// Without -TenantRole, -Tenant is ignored. docs/team-store-roles.sql does the same by hand, in SQL.
    ///
    /// Errors each name the server, database and user, never the password: TipStoreUnreachable, TipStoreAuthenticationFailed,
    /// TipStoreDatabaseMissing, TipStorePermissionDenied (e.g. not allowed to create the schema or roles),
    /// TipStoreNotPostgreSql when the store is the local LiteDB file. Failures of the connection that may pass are retried;
    /// a schema mismatch is not. -WhatIf says what would be done without connecting.
    /// </remarks>
    /// <example>
    /// <code>Initialize-TipStore -ConnectionString 'Host=db.corp;Database=kumatip;Username=kumatip_owner' -Credential (Get-Credential kumatip_owner)</code>
    /// <para>The administrator creates the schema as its owner, without changing the store their own commands use. Running it again after installing a newer KumaTip upgrades the schema.</para>
    /// </example>
    /// <example>
    /// <code>$owner = @{ ConnectionString = 'Host=db.corp;Database=kumatip;Username=kumatip_owner'; Credential = Get-Credential kumatip_owner }
    /// Initialize-TipStore @owner -TenantRole soc_main -Tenant Main, Branch -Member alice, bob
    /// Initialize-TipStore @owner -TenantRole soc_lab -Tenant Lab -Member carol</code>
    /// <para>Two teams in one database: alice and bob (existing login roles) read and write the tenants Main and Branch, carol only Lab. Row-level security keeps each team's cache, tasks and quota ledger apart.</para>
    /// </example>
    /// <example>
    /// <code>Initialize-TipStore -TenantRole soc_runbooks -AllTenants -Member runbook_host -WhatIf</code>
    /// <para>Shows what would be set up for a runbook host that works for every tenant, without connecting.</para>
    /// </example>
    [Cmdlet(VerbsData.Initialize, "TipStore", SupportsShouldProcess = true, HelpUri = HelpLinks.Base + "Initialize-TipStore.md")]
    [OutputType(typeof(TipStore))]
    public sealed class InitializeTipStoreCommand : WorkspaceCmdlet
    {
        /// <summary>Writes nothing to the local data file: a read-only data directory is opened read-only.</summary>
        internal override StorageAccess Access => StorageAccess.Read;

        /// <summary>The team store to initialise, as an Npgsql connection string (e.g. 'Host=db.corp;Database=kumatip;Username=kumatip_owner'), for this command only; without it, the store Get-TipStore shows.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ConnectionString { get; set; }

        /// <summary>The database user and password to connect as, e.g. the schema's owner: the user overrides Username, the password any other. Without a password, the saved one, PGPASSWORD or the pgpass file is used.</summary>
        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>A PostgreSQL role for a tenant or a group of tenants: created NOLOGIN when missing, granted kumatip_user and the tenants of -Tenant (or -AllTenants). Its name is used exactly as given.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TenantRole { get; set; }

        /// <summary>With -TenantRole: the tenants whose rows the role may read and write (e.g. Main, Branch); compared without regard to case. Ignored without -TenantRole.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TenantCompleter))]
        public new string[]? Tenant { get; set; }

        /// <summary>With -TenantRole: the role may read and write the rows of every tenant.</summary>
        [Parameter]
        public SwitchParameter AllTenants { get; set; }

        /// <summary>With -TenantRole: existing login roles (analysts, runbook hosts) to grant the role to.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Member { get; set; }

        protected override void OnProcessRecord()
        {
            var credential = Credential == null || Credential == PSCredential.Empty ? null : Credential.GetNetworkCredential();
            var user = credential == null ? null : string.IsNullOrEmpty(credential.Domain) ? credential.UserName : credential.Domain + "\\" + credential.UserName;
            StoreChoice choice;
            TenantRoleGrant? grant = null;
            try
            {
                choice = ConnectionString != null
                    ? StoreChoiceStore.PostgreSql(ConnectionString, user, credential?.Password, StoreSource.Parameter)
                    : StoreChoice.Resolve(Workspace).WithCredential(user, credential?.Password);
                if (TenantRole != null) grant = TenantRoleGrant.Create(TenantRole, Tenant, AllTenants.IsPresent, Member);
                else if (Member != null || AllTenants.IsPresent)
                {
                    throw new TipStoreException(TipStoreProblem.InvalidArgument, "-Member and -AllTenants go with -TenantRole: name the role to set up, e.g. -TenantRole soc_main.");
                }
            }
            catch (TipStoreException ex)
            {
                WriteError(TipErrors.From(ex));
                return;
            }

            var service = new TipStoreService();
            var action = "Create or upgrade the KumaTip schema (to version " + TipStoreService.ModuleSchemaVersion + ")";
            if (grant != null)
            {
                action += "; set up role '" + grant.Role + "' for " + (grant.TenantKeys.Contains(TenantRoleGrant.AllTenantsKey) ? "every tenant" : "tenants " + string.Join(", ", grant.TenantKeys)) +
                          (grant.Members.Count == 0 ? "" : ", granted to " + string.Join(", ", grant.Members));
            }
            if (!ShouldProcess(choice.Describe(), action)) return;
            RunAsync(async () =>
            {
                try
                {
                    var result = await service.InitializeAsync(choice, grant, StopToken).ConfigureAwait(false);
                    QueueVerbose(result.Applied.Count == 0
                        ? "The schema is current (version " + result.Store.SchemaVersion + "); nothing was applied."
                        : "Applied schema version(s) " + string.Join(", ", result.Applied) + ".");
                    if (grant != null) QueueVerbose("Role '" + grant.Role + "' is set up.");
                    QueueObject(result.Store);
                }
                catch (TipStoreException ex)
                {
                    QueueError(TipErrors.From(ex));
                }
            });
        }
    }
}
