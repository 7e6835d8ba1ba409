using System.Threading;
using System.Threading.Tasks;
using Npgsql;

namespace KumaTip.Core.Stores.Postgres
{
    /// <summary>
    /// Sets up a tenant role in one transaction, idempotently: creates it NOLOGIN when missing, grants it kumatip_user,
    /// records its tenants in kumatip.tenant_grants (which the row-level security policies read), and grants it to the
    /// member roles. Runs under the migrations' advisory lock so two administrators at once do not collide.
    /// </summary>
    internal static class TenantGrants
    {
        public static async Task ApplyAsync(NpgsqlConnection connection, TenantRoleGrant grant, CancellationToken cancellationToken)
        {
            // Npgsql's netstandard2.0 build has no BeginTransactionAsync; BEGIN goes out with the next command anyway.
            using var transaction = connection.BeginTransaction();
            await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(" + SchemaMigrator.LockKey + ")", cancellationToken).ConfigureAwait(false);
            var role = QuoteIdentifier(grant.Role);
            if (!await RoleExistsAsync(connection, transaction, grant.Role, cancellationToken).ConfigureAwait(false))
            {
                await ExecuteAsync(connection, transaction, "CREATE ROLE " + role + " NOLOGIN", cancellationToken).ConfigureAwait(false);
            }
            await ExecuteAsync(connection, transaction, "GRANT kumatip_user TO " + role, cancellationToken).ConfigureAwait(false);
            foreach (var key in grant.TenantKeys)
            {
                using var insert = new NpgsqlCommand("INSERT INTO kumatip.tenant_grants (role_name, tenant_key) VALUES (@role, @key) ON CONFLICT DO NOTHING", connection, transaction);
                insert.Parameters.AddWithValue("role", grant.Role);
                insert.Parameters.AddWithValue("key", key);
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            foreach (var member in grant.Members)
            {
                if (!await RoleExistsAsync(connection, transaction, member, cancellationToken).ConfigureAwait(false))
                {
                    throw new TipStoreException(TipStoreProblem.InvalidArgument,
                        "The role '" + member + "' given as -Member does not exist on " + connection.Host + ":" + connection.Port +
                        ". Create the analyst's login first (CREATE ROLE " + QuoteIdentifier(member) + " LOGIN PASSWORD '…';), then run Initialize-TipStore again; nothing was changed.",
                        connection.Host + ":" + connection.Port);
                }
                await ExecuteAsync(connection, transaction, "GRANT " + role + " TO " + QuoteIdentifier(member), cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>A role name as a quoted SQL identifier: exactly that name, whatever its case or characters.</summary>
        internal static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";

        private static async Task<bool> RoleExistsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string role, CancellationToken cancellationToken)
        {
            using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = @role)", connection, transaction);
            command.Parameters.AddWithValue("role", role);
            return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
        {
            using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
