using System;
using KumaTip.Core.Storage;
using KumaTip.Core.Stores.Postgres;

namespace KumaTip.Core.Stores
{
    /// <summary>
    /// Decides which store a command uses: the <c>KUMATIP_STORE</c> environment variable (a PostgreSQL connection string,
    /// for unattended hosts) over the choice Set-TipStore saved, over the default local LiteDB file. A KUMATIP_STORE
    /// without a password gets it from PGPASSWORD or the pgpass file (PGPASSFILE, else ~/.pgpass; %APPDATA%\postgresql\pgpass.conf
    /// on Windows), as libpq does: Npgsql does that itself when the connection string holds no password.
    /// </summary>
    public static class StoreLocator
    {
        public const string EnvironmentVariable = "KUMATIP_STORE";

        /// <summary>The store this process uses, from the environment and the choice saved in <paramref name="workspace"/>.</summary>
        /// <exception cref="TipStoreException">KUMATIP_STORE is set but is not a usable connection string.</exception>
        public static StoreChoice Resolve(TipWorkspace workspace)
            => Resolve(new StoreChoiceStore(workspace), Environment.GetEnvironmentVariable(EnvironmentVariable));

        /// <summary>The store for a given KUMATIP_STORE value (null or blank: not set) and saved choice.</summary>
        public static StoreChoice Resolve(StoreChoiceStore saved, string? environmentValue)
        {
            var fromEnvironment = FromEnvironment(environmentValue);
            return fromEnvironment ?? saved.Get();
        }

        /// <summary>The choice KUMATIP_STORE makes, or null when it is not set.</summary>
        /// <exception cref="TipStoreException">The value is not a usable connection string.</exception>
        public static StoreChoice? FromEnvironment(string? environmentValue)
        {
            if (string.IsNullOrWhiteSpace(environmentValue)) return null;
            return StoreChoice.PostgreSql(StoreSource.Environment, PostgresConnectionString.Parse(environmentValue, "the environment variable " + EnvironmentVariable));
        }
    }
}
