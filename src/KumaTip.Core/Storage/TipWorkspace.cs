using System;
using KumaTip.Core.Api;
using KumaTip.Core.Connection;
using KumaTip.Core.Secrets;

namespace KumaTip.Core.Storage
{
    /// <summary>
    /// One open data directory: the database, the key, and the stores and services built on them. Cmdlets open one
    /// per call (<see cref="Open"/>) and dispose it; tests pass their own directory and clock.
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
        {
            Time = time ?? TimeProvider.System;
            Database = new TipDatabase(directory);
            Protector = new SecretProtector(Database.Directory);
            Secrets = new SecretStore(Database, Protector, Time);
            Settings = new SettingsStore(Database, Secrets, Protector, Time);
            Ledger = new LedgerStore(Database, Time);
            Licenses = new LicenseStore(Database);
            Resolver = new ConnectionResolver(Settings, Secrets);
            LicenseReporter = new LicenseReporter(Licenses, Ledger, Time);
        }

        /// <summary>Opens the data directory <see cref="DataDirectory.Resolve"/> names (KUMATIP_HOME or the per-OS default).</summary>
        public static TipWorkspace Open() => new TipWorkspace(DataDirectory.Resolve());

        public TimeProvider Time { get; }
        public TipDatabase Database { get; }
        public SecretProtector Protector { get; }
        public SecretStore Secrets { get; }
        public SettingsStore Settings { get; }
        public LedgerStore Ledger { get; }
        public LicenseStore Licenses { get; }
        public ConnectionResolver Resolver { get; }
        public LicenseReporter LicenseReporter { get; }

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

        public void Dispose() => Database.Dispose();
    }
}
