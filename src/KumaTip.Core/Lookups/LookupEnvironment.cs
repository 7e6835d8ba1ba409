using System;
using KumaTip.Core.Api;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// What a lookup cmdlet opens: the data directory (<see cref="TipWorkspace"/>) and the lookup service wired to the
    /// tenant's settings, connection (secret, endpoint, proxy, CA) and ledger. The one composition root of lookups,
    /// shared by cmdlets, background jobs and hosts.
    /// </summary>
    public sealed class LookupEnvironment : IDisposable
    {
        private LookupEnvironment(TipWorkspace workspace)
        {
            Workspace = workspace;
            Service = new LookupService(workspace.Database, CreateClient, null, new WorkspaceLedger(workspace), workspace.Time);
        }

        /// <summary>Opens the data directory <paramref name="directory"/> (default: KUMATIP_HOME or the per-OS default).</summary>
        public static LookupEnvironment Open(string? directory = null)
            => Open(directory, StorageAccess.Write);

        /// <summary>Opens the data directory for <paramref name="access"/>: <see cref="StorageAccess.Read"/> for the cmdlets that only read the cache and tasks.</summary>
        public static LookupEnvironment Open(string? directory, StorageAccess access)
            => new LookupEnvironment(new TipWorkspace(directory ?? DataDirectory.Resolve(), access));

        public TipWorkspace Workspace { get; }

        public TipDatabase Database => Workspace.Database;

        public LookupService Service { get; }

        /// <summary>Options for a batch of <paramref name="tenant"/>: the tenant's settings (MaxRecords, CacheTtl, ThrottleLimit, endpoint), then what the caller gives.</summary>
        public LookupOptions OptionsFor(string tenant, int? maxRecords = null, int? throttleLimit = null)
        {
            tenant = Tenants.Normalize(tenant);
            var settings = Service.WithDatabase(() => Workspace.Settings.Get(tenant));
            return new LookupOptions
            {
                Tenant = tenant,
                MaxRecords = maxRecords ?? settings.MaxRecords,
                CacheTtl = settings.CacheTtl <= TimeSpan.Zero ? (TimeSpan?)null : settings.CacheTtl,
                ThrottleLimit = throttleLimit ?? settings.ThrottleLimit,
                Portal = settings.Endpoint,
                Service = CacheKey.ServiceOf(settings.Service),
            };
        }

        private ITipClient CreateClient(LookupOptions options)
        {
            var connection = Service.WithDatabase(() => Workspace.Resolver.Resolve(options.Tenant));
            connection.ThrottleLimit = Math.Max(1, options.ThrottleLimit);
            return new TipClient(connection, Workspace.Time);
        }

        public void Dispose() => Workspace.Dispose();
    }
}
