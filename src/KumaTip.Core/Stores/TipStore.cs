namespace KumaTip.Core.Stores
{
    /// <summary>
    /// The store the user's commands use (Get-TipStore, Set-TipStore -PassThru, Initialize-TipStore): its kind, where
    /// the choice came from, the server, database and user, and the schema version. Never a password.
    /// </summary>
    public sealed class TipStore
    {
        /// <summary>LiteDb (the local data file, the default) or PostgreSql (a team store).</summary>
        public string Kind { get; set; } = nameof(StoreKind.LiteDb);

        /// <summary>Default (nothing chosen), Saved (Set-TipStore) or Environment (KUMATIP_STORE, which overrides a saved choice).</summary>
        public string Source { get; set; } = nameof(StoreSource.Default);

        /// <summary>
        /// Ready; NotInitialized (no schema yet: run Initialize-TipStore); Outdated (an older schema: run Initialize-TipStore to
        /// upgrade it); Newer (a schema newer than this module: install a newer KumaTip); Unavailable (the server could not be
        /// used, see the error); NotChecked (the server was not contacted).
        /// </summary>
        public string Status { get; set; } = TipStoreStatus.Ready;

        /// <summary>The PostgreSQL server (Host); empty for LiteDB.</summary>
        public string? Server { get; set; }

        public int? Port { get; set; }

        /// <summary>The PostgreSQL database, or for LiteDB the data file's path.</summary>
        public string? Database { get; set; }

        /// <summary>The PostgreSQL user the commands connect as; empty for LiteDB.</summary>
        public string? User { get; set; }

        /// <summary>Whether a password is saved or in KUMATIP_STORE (else PGPASSWORD or pgpass is used). Never the password.</summary>
        public bool PasswordSaved { get; set; }

        /// <summary>The PostgreSQL schema holding KumaTip's tables ("kumatip"); empty for LiteDB.</summary>
        public string? Schema { get; set; }

        /// <summary>The schema version the database has; empty when it has none yet, was not read, or for LiteDB.</summary>
        public int? SchemaVersion { get; set; }

        /// <summary>The KumaTip version that installed that schema version.</summary>
        public string? SchemaModuleVersion { get; set; }

        /// <summary>The newest schema version this module knows (and Initialize-TipStore installs).</summary>
        public int ModuleSchemaVersion { get; set; }

        /// <summary>This module's version.</summary>
        public string? ModuleVersion { get; set; }

        public override string ToString()
            => Kind == nameof(StoreKind.PostgreSql)
                ? "PostgreSQL " + (User ?? "?") + "@" + Server + ":" + Port + "/" + Database + " (" + Status + ")"
                : "LiteDB " + Database;
    }
}
