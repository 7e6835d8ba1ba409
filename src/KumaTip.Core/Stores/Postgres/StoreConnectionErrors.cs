using System;
using System.Net.Sockets;
using Npgsql;

namespace KumaTip.Core.Stores.Postgres
{
    /// <summary>
    /// Npgsql's and the server's failures met while choosing or administering the store (Get-, Initialize-TipStore) as one
    /// <see cref="TipStoreException"/> each, naming the server, database and user and saying what to do. Built from the
    /// parsed connection string (never the text as typed) and the server's own message text, so a password cannot appear.
    /// (The stores' own failures during lookups are PostgresErrors', as TipStorageException.)
    /// </summary>
    internal static class StoreConnectionErrors
    {
        public static TipStoreException From(Exception ex, PostgresConnectionString connection)
        {
            if (ex is TipStoreException known) return known;
            var server = connection.Server;
            var user = connection.User ?? "(operating-system user)";
            var database = connection.Database ?? "(the user's name)";
            var where = "PostgreSQL at " + server + " (database '" + database + "', user '" + user + "')";
            if (ex is PostgresException pg)
            {
                switch (pg.SqlState)
                {
                    case PostgresErrorCodes.InvalidPassword:
                    case PostgresErrorCodes.InvalidAuthorizationSpecification:
                        return new TipStoreException(TipStoreProblem.AuthenticationFailed,
                            where + " refused the login: " + pg.MessageText + ". Check the user and password (Set-TipStore -PostgreSql -ConnectionString … -Credential; " +
                            "with KUMATIP_STORE: PGPASSWORD or the pgpass file) and that the server's pg_hba.conf lets this user in from this host.", server, pg);
                    case PostgresErrorCodes.InvalidCatalogName:
                        return new TipStoreException(TipStoreProblem.DatabaseMissing,
                            "PostgreSQL at " + server + " has no database '" + database + "' (user '" + user + "'). Ask the administrator to create it " +
                            "(CREATE DATABASE " + database + ";) or correct Database= in the connection string.", server, pg);
                    case PostgresErrorCodes.InsufficientPrivilege:
                        return new TipStoreException(TipStoreProblem.PermissionDenied,
                            where + " refused: " + pg.MessageText + ". An analyst's user needs a tenant role: the administrator runs " +
                            "Initialize-TipStore -TenantRole <role> -Tenant <tenant> -Member " + user + " (or docs/team-store-roles.sql). " +
                            "Initialize-TipStore itself runs as the schema's owner, with CREATEROLE for -TenantRole.", server, pg);
                    case PostgresErrorCodes.CannotConnectNow:
                    case PostgresErrorCodes.TooManyConnections:
                    case PostgresErrorCodes.AdminShutdown:
                    case PostgresErrorCodes.CrashShutdown:
                        return new TipStoreException(TipStoreProblem.Unreachable,
                            where + " is not accepting connections now: " + pg.MessageText + ". Try again in a moment.", server, pg);
                    default:
                        return new TipStoreException(TipStoreProblem.Failed, where + " reported " + pg.SqlState + ": " + pg.MessageText, server, pg);
                }
            }
            if (ex is NpgsqlException npgsql && npgsql.Message.IndexOf("password", StringComparison.OrdinalIgnoreCase) >= 0 && !(npgsql.InnerException is SocketException))
            {
                // "No password has been provided but the backend requires one": neither saved, nor in PGPASSWORD or pgpass.
                return new TipStoreException(TipStoreProblem.AuthenticationFailed,
                    where + " asks for a password and none was found. Give one with Set-TipStore -PostgreSql -ConnectionString … -Credential, " +
                    "or, with KUMATIP_STORE, in PGPASSWORD or the pgpass file (PGPASSFILE, else ~/.pgpass).", server, npgsql);
            }
            if (ex is System.IO.FileNotFoundException missing)
            {
                // Npgsql reads the pgpass file named by PGPASSFILE or Passfile= and fails when it is not there.
                return new TipStoreException(TipStoreProblem.AuthenticationFailed,
                    where + ": the password file '" + missing.FileName + "' (PGPASSFILE or Passfile=) does not exist. Create it " +
                    "(host:port:database:user:password, owner-only) or point PGPASSFILE at the right one.", server, missing);
            }
            if (ex is NpgsqlException || ex is SocketException || ex is TimeoutException || ex is System.IO.IOException)
            {
                var reason = Innermost(ex);
                return new TipStoreException(TipStoreProblem.Unreachable,
                    where + " cannot be reached: " + reason + ". Check the server name and port, the firewall, and that the server is running.", server, ex);
            }
            return new TipStoreException(TipStoreProblem.Failed, where + " failed: " + ex.Message, server, ex);
        }

        private static string Innermost(Exception ex)
        {
            var e = ex;
            while (e.InnerException != null) e = e.InnerException;
            return e.Message.TrimEnd('.');
        }
    }
}
