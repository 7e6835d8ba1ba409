using System;
using KumaTip.Core.Api;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// What a lookup cmdlet opens: the data directory's database and the lookup service wired to the tenant's settings,
    /// connection and ledger. The one composition root of lookups, shared by cmdlets, jobs and hosts.
    /// </summary>
    public sealed class LookupEnvironment : IDisposable
    {
        private LookupEnvironment(TipDatabase database)
        {
            Database = database;
            Service = new LookupService(database, CreateClient);
        }

        /// <summary>Opens the database in <paramref name="directory"/> (default: the data directory).</summary>
        public static LookupEnvironment Open(string? directory = null)
            => new LookupEnvironment(new TipDatabase(directory ?? DataDirectory.Resolve()));

        public TipDatabase Database { get; }

        public LookupService Service { get; }

        /// <summary>Options for a batch of <paramref name="tenant"/>: the tenant's defaults, then what the caller gives.</summary>
        public LookupOptions OptionsFor(string tenant, int? maxRecords = null, int? throttleLimit = null)
        {
            return new LookupOptions
            {
                Tenant = tenant,
                MaxRecords = maxRecords ?? 10,
                CacheTtl = TimeSpan.FromDays(7),
                ThrottleLimit = throttleLimit ?? 4,
                Portal = TipConnectionOptions.DefaultEndpoint,
            };
        }

        private ITipClient CreateClient(LookupOptions options)
        {
            throw new InvalidOperationException("No Threat Lookup connection can be made for tenant '" + options.Tenant +
                "': the client is not available in this build. Set-TipSettings and New-TipSecret configure it.");
        }

        public void Dispose() => Database.Dispose();
    }
}
