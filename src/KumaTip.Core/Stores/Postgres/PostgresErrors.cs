using System;
using KumaTip.Core.Storage;
using Npgsql;

namespace KumaTip.Core.Stores.Postgres
{
    /// <summary>
    /// What a PostgreSQL failure means for the user: one clear error naming the server, the database and the user (never
    /// the password), and whether trying again can help (a dropped connection, a restarting server) or not (a refusal,
    /// a missing database, a schema mismatch).
    /// </summary>
    internal static class PostgresErrors
    {
        /// <summary>
        /// True when the same work may succeed a moment later: the connection dropped or timed out, the server is shutting
        /// down, starting up or out of connection slots, or a deadlock or serialization failure rolled the transaction back.
        /// The one rule for the stores' retries and the store commands' (<see cref="PostgresRetry"/>).
        /// </summary>
        public static bool IsTransient(Exception ex)
        {
            if (ex is PostgresException pg)
            {
                return pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                       || pg.SqlState == PostgresErrorCodes.TooManyConnections
                       || pg.SqlState == PostgresErrorCodes.DeadlockDetected || pg.SqlState == PostgresErrorCodes.SerializationFailure;
            }
            return ex is NpgsqlException npgsql ? npgsql.IsTransient : ex is TimeoutException;
        }

        /// <summary>The failure as a <see cref="TipStorageException"/>, or null when it is not the store's (the caller's own exception).</summary>
        public static TipStorageException? Translate(Exception ex, PostgresLookupStore store)
        {
            if (ex is TipStorageException) return null;
            var where = "The " + store.Location;
            if (ex is PostgresException pg)
            {
                switch (pg.SqlState)
                {
                    case "28P01":
                    case "28000":
                        return new TipStorageException(store.Location, TipStorageProblem.AccessDenied,
                            where + " refused the login (" + pg.SqlState + ": wrong password, or the role may not log in). " +
                            "Give the right password with Set-TipStore -Credential, PGPASSWORD or ~/.pgpass, or ask the database administrator.", ex);
                    case "3D000":
                        return new TipStorageException(store.Location, TipStorageProblem.AccessDenied,
                            where + ": the database '" + store.DatabaseName + "' does not exist on " + store.Host + ":" + store.Port +
                            ". Correct Database= in the connection string (Set-TipStore), or ask the administrator to create it and run Initialize-TipStore.", ex);
                    case "42501":
                        return new TipStorageException(store.Location, TipStorageProblem.AccessDenied,
                            where + " does not let role '" + store.User + "' do this: " + pg.MessageText + " (42501). The role needs the tenant granted: " +
                            "an administrator runs Initialize-TipStore -TenantRole <role> -Tenant <tenant> and grants that role to '" + store.User + "' (see docs/team-store.md).", ex);
                    case "42P01":
                    case "42703":
                        return new TipStorageException(store.Location, TipStorageProblem.SchemaMismatch,
                            where + " does not have the KumaTip schema this module expects (" + pg.MessageText + "). Run Initialize-TipStore as its owner.", ex);
                }
                if (IsTransient(ex)) return Unreachable(store, ex);
                return new TipStorageException(store.Location, TipStorageProblem.WriteFailed,
                    where + " refused the operation: " + pg.MessageText + " (" + pg.SqlState + ").", ex);
            }
            // No password anywhere (none saved, none in PGPASSWORD or the pgpass file), or a pgpass file named but missing.
            if ((ex is InvalidOperationException || ex is NpgsqlException) && ex.Message.IndexOf("No password", StringComparison.OrdinalIgnoreCase) >= 0
                || ex is System.IO.FileNotFoundException)
            {
                return new TipStorageException(store.Location, TipStorageProblem.AccessDenied,
                    where + " asks for a password and none was found. Give one with Set-TipStore -PostgreSql -ConnectionString … -Credential, " +
                    "or in PGPASSWORD or the pgpass file (PGPASSFILE, else ~/.pgpass) for KUMATIP_STORE.", ex);
            }
            if (ex is NpgsqlException || ex is TimeoutException) return Unreachable(store, ex);
            return null;
        }

        private static TipStorageException Unreachable(PostgresLookupStore store, Exception ex)
            => new TipStorageException(store.Location, TipStorageProblem.Unreachable,
                "The " + store.Location + " cannot be reached: " + FirstLine(ex) +
                ". Check that the server is up and that host and port are right (Get-TipStore), then try again.", ex);

        private static string FirstLine(Exception ex)
        {
            var message = (ex.InnerException is { } inner && !(ex is PostgresException) ? ex.Message + " (" + inner.Message + ")" : ex.Message).Trim();
            var end = message.IndexOfAny(new[] { '\r', '\n' });
            return (end < 0 ? message : message.Substring(0, end)).TrimEnd('.');
        }
    }
}
