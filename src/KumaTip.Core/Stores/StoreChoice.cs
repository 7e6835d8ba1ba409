using KumaTip.Core.Storage;
using KumaTip.Core.Stores.Postgres;

namespace KumaTip.Core.Stores
{
    /// <summary>
    /// What to open for the cache, tasks, quota ledger and licence snapshot: the local LiteDB file or a PostgreSQL team
    /// store, and where that choice came from. Everything public here is safe to show; the Npgsql connection string
    /// (password included) is internal. <see cref="ToString"/> is <see cref="Describe"/>.
    /// </summary>
    public sealed class StoreChoice
    {
        private readonly PostgresConnectionString? _postgres;

        private StoreChoice(StoreKind kind, StoreSource source, PostgresConnectionString? postgres)
        {
            Kind = kind;
            Source = source;
            _postgres = postgres;
        }

        /// <summary>The local LiteDB file, because nothing else was chosen (or Set-TipStore -LiteDb went back to it).</summary>
        internal static StoreChoice LiteDb(StoreSource source) => new StoreChoice(StoreKind.LiteDb, source, null);

        internal static StoreChoice PostgreSql(StoreSource source, PostgresConnectionString connection) => new StoreChoice(StoreKind.PostgreSql, source, connection);

        /// <summary>
        /// The store this user's commands use now: <c>KUMATIP_STORE</c> when set, else what Set-TipStore saved in
        /// <paramref name="workspace"/>, else the local LiteDB file. Same as <see cref="StoreLocator.Resolve(TipWorkspace)"/>.
        /// </summary>
        /// <exception cref="TipStoreException">KUMATIP_STORE is set but is not a usable connection string.</exception>
        public static StoreChoice Resolve(TipWorkspace workspace) => StoreLocator.Resolve(workspace);

        public StoreKind Kind { get; }

        public StoreSource Source { get; }

        /// <summary>The server name(s) (Host); null for LiteDB.</summary>
        public string? Server => _postgres?.Host;

        /// <summary>The server's port; null for LiteDB.</summary>
        public int? Port => _postgres?.Port;

        /// <summary>The database; null for LiteDB or when the connection string names none (the server then uses the user's name).</summary>
        public string? Database => _postgres?.Database;

        /// <summary>The database user; null for LiteDB or when the connection string names none (the operating-system user).</summary>
        public string? User => _postgres?.User;

        /// <summary>Whether a password is held (saved, or in KUMATIP_STORE); without one Npgsql looks in PGPASSWORD and pgpass. Never the password itself.</summary>
        public bool HasPassword => _postgres?.Password != null;

        /// <summary>
        /// The full connection string for Npgsql, password included; null for LiteDB. Internal only: never show, log or
        /// put it in an error (use <see cref="Describe"/>).
        /// </summary>
        internal string? ConnectionString => _postgres?.ForNpgsql;

        /// <summary>The parsed PostgreSQL settings; null for LiteDB.</summary>
        internal PostgresConnectionString? Postgres => _postgres;

        /// <summary>host:port; null for LiteDB.</summary>
        internal string? ServerAndPort => _postgres?.Server;

        /// <summary>
        /// The same store with a credential's user (overriding Username, when given) and password (overriding a saved one, when
        /// given); for an administrator who initialises the store as its owner. LiteDB stays as it is.
        /// </summary>
        public StoreChoice WithCredential(string? user, string? password)
            => _postgres == null ? this : new StoreChoice(Kind, Source, _postgres.WithCredential(user, password));

        /// <summary>A one-line description without the password, e.g. "PostgreSQL soc_analyst@db.corp:5432/kumatip (saved)".</summary>
        public string Describe()
        {
            var from = Source switch
            {
                StoreSource.Environment => " (from KUMATIP_STORE)",
                StoreSource.Saved => " (saved)",
                StoreSource.Parameter => " (given to the command)",
                _ => " (default)",
            };
            return _postgres == null ? "LiteDB, the local data file" + from : "PostgreSQL " + _postgres.Describe() + from;
        }

        public override string ToString() => Describe();
    }
}
