using System;
using KumaTip.Core.Api;
using KumaTip.Core.Connection;
using KumaTip.Core.Secrets;

namespace KumaTip.Core.Storage
{
    /// <summary>
    /// One open data directory: the database, the key, and the stores and services built on them. Cmdlets open one
    /// per call (<see cref="Open(StorageAccess)"/>) and dispose it; tests pass their own directory and clock.
    /// </summary>
    public sealed class TipWorkspace : IDisposable
    {
        /// <summary>The data directory on the system clock. Cmdlets use this one: their assembly then names no
        /// dependency type (TimeProvider lives in Microsoft.Bcl.TimeProvider), which keeps it loadable outside
        /// KumaTip's private load context.</summary>
        public TipWorkspace(string directory)
            : this(directory, null)
        {
        }

        public TipWorkspace(string directory, TimeProvider? time)
            : this(directory, time, StorageAccess.Write)
        {
        }

        /// <summary>The data directory for a caller that only reads (<see cref="StorageAccess.Read"/>) or also writes.</summary>
        /// <param name="directory">The data directory.</param>
        /// <param name="access">Whether the caller writes.</param>
        /// <param name="wait">How long to wait for a data file another process holds (default: <see cref="TipDatabase"/>'s).</param>
        public TipWorkspace(string directory, StorageAccess access, TimeSpan? wait = null)
            : this(directory, null, access, wait)
        {
        }

        /// <exception cref="TipStorageException">The data file is damaged or busy, or read-only while <paramref name="access"/> is <see cref="StorageAccess.Write"/>.</exception>
        public TipWorkspace(string directory, TimeProvider? time, StorageAccess access, TimeSpan? wait = null)
            : this(directory, time, access, wait, null)
        {
        }

        /// <summary>The data directory with the lookup store <paramref name="openStore"/> opens (default: the user's choice, see <see cref="OpenStore"/>).</summary>
        /// <exception cref="TipStorageException">The data file is damaged or busy, or read-only while <paramref name="access"/> is <see cref="StorageAccess.Write"/>.</exception>
        public TipWorkspace(string directory, TimeProvider? time, StorageAccess access, TimeSpan? wait, Func<TipWorkspace, Stores.ILookupStore>? openStore)
        {
            Time = time ?? TimeProvider.System;
            _openStore = openStore;
            Database = new TipDatabase(directory, access, wait);
            try
            {
                Protector = new SecretProtector(Database.Directory, Database.IsReadOnly);
                Secrets = new SecretStore(Database, Protector, Time);
                Settings = new SettingsStore(Database, Secrets, Protector, Time);
                Resolver = new ConnectionResolver(Settings, Secrets);
                _store = new Lazy<Stores.ILookupStore>(() => _openStore != null ? _openStore(this) : OpenStore(), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
            }
            catch
            {
                // A store that meets a damaged or busy file while it sets up must not leave the file open.
                Database.Dispose();
                throw;
            }
        }

        /// <summary>Opens the data directory <see cref="DataDirectory.Resolve"/> names (KUMATIP_HOME or the per-OS default).</summary>
        public static TipWorkspace Open() => new TipWorkspace(DataDirectory.Resolve());

        /// <summary>Opens the data directory <see cref="DataDirectory.Resolve"/> names for <paramref name="access"/>.</summary>
        public static TipWorkspace Open(StorageAccess access) => new TipWorkspace(DataDirectory.Resolve(), access);

        public TimeProvider Time { get; }
        public TipDatabase Database { get; }
        public SecretProtector Protector { get; }
        public SecretStore Secrets { get; }
        public SettingsStore Settings { get; }
        public ConnectionResolver Resolver { get; }

        private readonly Lazy<Stores.ILookupStore> _store;
        private readonly Func<TipWorkspace, Stores.ILookupStore>? _openStore;

        /// <summary>
        /// Where the cache, tasks, ledger and licences live: this data directory's file, or the team store the user chose.
        /// Opened on first use, so cmdlets that only touch secrets and settings never reach a server.
        /// </summary>
        public Stores.ILookupStore Store => _store.Value;

        public Stores.ILedgerStore Ledger => Store.Ledger;

        public Stores.ILicenseStore Licenses => Store.Licenses;

        public LicenseReporter LicenseReporter => new LicenseReporter(Licenses, Ledger, Time);

        /// <summary>Warns when the connection's API token is about to expire (from the portal's last LicenseInfo).</summary>
        public TokenExpiryCheck TokenExpiry => new TokenExpiryCheck(Settings, Secrets, Licenses, Time);

        /// <summary>
        /// The store the user chose (<see cref="Stores.StoreLocator"/>: KUMATIP_STORE, else Set-TipStore's saved choice,
        /// else this data directory's file).
        /// </summary>
        private Stores.ILookupStore OpenStore()
        {
            var choice = Stores.StoreLocator.Resolve(this);
            return choice.Kind == Stores.StoreKind.PostgreSql
                ? new Stores.Postgres.PostgresLookupStore(choice.ConnectionString!, Time)
                : new Stores.LiteDb.LiteDbLookupStore(Database, Time);
        }

        /// <summary>A connection tester that builds its client with <paramref name="clientFactory"/>.</summary>
        public ConnectionTester CreateTester(Func<TipConnectionOptions, ITipClient> clientFactory)
            => new ConnectionTester(Resolver, clientFactory, Secrets, Settings, Ledger, Licenses, Time);

        /// <summary>Tenants that own secrets or settings, for tab completion.</summary>
        public System.Collections.Generic.IReadOnlyList<string> TenantNames()
        {
            var names = new System.Collections.Generic.SortedSet<string>(StringComparer.OrdinalIgnoreCase) { Tenants.Default };
            names.UnionWith(Secrets.TenantNames());
            names.UnionWith(Settings.TenantNames());
            return new System.Collections.Generic.List<string>(names);
        }

        public void Dispose()
        {
            if (_store.IsValueCreated) _store.Value.Dispose();
            Database.Dispose();
        }
    }
}
