using System.Management.Automation;
using KumaTip.Core.Secrets;
using KumaTip.Core.Stores;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Chooses where this user's cache, tasks and quota ledger live: the local LiteDB file (the default) or a PostgreSQL team store shared with colleagues.</summary>
    /// <remarks>
    /// Set-TipStore -PostgreSql -ConnectionString 'Host=db.corp;Database=kumatip;Username=soc_analyst' points this user's
    /// commands at a team store: one cache, one task manager and one quota ledger for everyone who uses it. Set-TipStore
    /// -LiteDb goes back to the local data file, which is the default and needs nothing set up. The choice is saved in the
    /// user's own data directory (KUMATIP_HOME, else the per-OS default), like the settings; secrets and connection
    /// settings stay local either way. It is per user, not per tenant: -Tenant is ignored.
    ///
    /// The connection string uses Npgsql's keywords (Host, Port, Database, Username, SSL Mode, Timeout…) and is checked
    /// before anything is saved: a string that is not keyword=value pairs, names an unknown keyword or a value Npgsql
    /// refuses, or names no Host, gives a TipStoreInvalidConnectionString error that says which setting is wrong (never
    /// showing a password). -Credential gives the database user and password: its user overrides Username, and its
    /// password is stored encrypted at rest like secrets (DPAPI on Windows, an owner-only key file elsewhere). A
    /// Password= inside -ConnectionString is taken out of the string and stored the same way; prefer -Credential, as the
    /// command line may be kept in the history. Without any password, the connection uses PGPASSWORD or the pgpass file
    /// (PGPASSFILE, else ~/.pgpass), as psql does. The password is never shown, logged or put in an error.
    ///
    /// Set-TipStore does not contact the server: run Get-TipStore afterwards to connect and see the schema version. The
    /// administrator creates the schema once with Initialize-TipStore. The environment variable KUMATIP_STORE (a
    /// connection string, for unattended hosts) overrides the saved choice; Set-TipStore warns when it is set.
    /// -PassThru writes the TipStore as saved; -WhatIf shows what would be saved.
    /// </remarks>
    /// <example>
    /// <code>Set-TipStore -PostgreSql -ConnectionString 'Host=db.corp;Database=kumatip;Username=soc_analyst' -Credential (Get-Credential soc_analyst)
    /// Get-TipStore</code>
    /// <para>Joins the team store: the password is asked for, stored encrypted, and Get-TipStore then connects and shows server, database, user and schema version.</para>
    /// </example>
    /// <example>
    /// <code>Set-TipStore -LiteDb -PassThru</code>
    /// <para>Goes back to the local data file (the saved PostgreSQL password is forgotten) and shows the store now in use.</para>
    /// </example>
    /// <example>
    /// <code>Set-TipStore -PostgreSql -ConnectionString 'Host=db.corp;Port=6432;Database=kumatip;SSL Mode=VerifyFull' -Credential $analyst -WhatIf</code>
    /// <para>Checks the connection string (through a connection pooler on port 6432, with a verified TLS connection) and shows what would be saved, without saving it.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Set, "TipStore", SupportsShouldProcess = true, DefaultParameterSetName = LiteDbSet, HelpUri = HelpLinks.Base + "Set-TipStore.md")]
    [OutputType(typeof(TipStore))]
    public sealed class SetTipStoreCommand : WorkspaceCmdlet
    {
        private const string LiteDbSet = "LiteDb";
        private const string PostgreSqlSet = "PostgreSql";

        /// <summary>Uses the local LiteDB file in the data directory (the default): nothing to set up, nothing shared.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteDbSet)]
        public SwitchParameter LiteDb { get; set; }

        /// <summary>Uses a PostgreSQL team store, given with -ConnectionString (and -Credential).</summary>
        [Parameter(Mandatory = true, ParameterSetName = PostgreSqlSet)]
        public SwitchParameter PostgreSql { get; set; }

        /// <summary>The team store's Npgsql connection string, e.g. 'Host=db.corp;Database=kumatip;Username=soc_analyst'. A Password= in it is taken out and stored encrypted; prefer -Credential.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PostgreSqlSet)]
        [ValidateNotNullOrEmpty]
        public string ConnectionString { get; set; } = string.Empty;

        /// <summary>The database user and password, e.g. from Get-Credential: the user overrides Username, the password is stored encrypted. Without a password PGPASSWORD or the pgpass file is used.</summary>
        [Parameter(ParameterSetName = PostgreSqlSet)]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>Writes the TipStore as saved (without contacting the server). Without it Set-TipStore writes nothing.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void OnProcessRecord()
        {
            var saved = new StoreChoiceStore(Workspace);
            StoreChoice? choice = null;
            if (ParameterSetName == PostgreSqlSet)
            {
                var credential = Credential == null || Credential == PSCredential.Empty ? null : Credential.GetNetworkCredential();
                var user = credential == null ? null : string.IsNullOrEmpty(credential.Domain) ? credential.UserName : credential.Domain + "\\" + credential.UserName;
                try
                {
                    choice = StoreChoiceStore.PostgreSql(ConnectionString, user, credential?.Password, StoreSource.Saved);
                }
                catch (TipStoreException ex)
                {
                    WriteError(TipErrors.From(ex));
                    return;
                }
            }

            var target = choice == null ? "LiteDB, the local data file" : choice.Describe().Replace(" (saved)", "");
            if (!ShouldProcess("KumaTip's store for this user: " + target, "Save")) return;
            try
            {
                choice = choice == null ? saved.SetLiteDb() : saved.Save(choice);
            }
            catch (TipSecretException ex)
            {
                WriteError(TipErrors.From(ex, target));
                return;
            }
            WriteVerbose("Saved the store choice: " + choice.Describe() + ".");
            if (Overridden())
            {
                WriteWarning("The environment variable " + StoreLocator.EnvironmentVariable + " is set and overrides the saved choice: commands in this session use it " +
                             "until it is removed ($env:" + StoreLocator.EnvironmentVariable + " = $null).");
            }
            if (PassThru)
            {
                WriteObject(new TipStoreService().Describe(choice, Workspace.Database.Path, choice.Kind == StoreKind.LiteDb ? TipStoreStatus.Ready : TipStoreStatus.NotChecked));
            }
        }

        private static bool Overridden() => !string.IsNullOrWhiteSpace(System.Environment.GetEnvironmentVariable(StoreLocator.EnvironmentVariable));
    }
}
