using System;
using System.Collections.Generic;
using System.Globalization;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Stores.Postgres
{
    /// <summary>
    /// The team's quota on the wire in <c>kumatip.quota_reservations</c>. Every method first takes the tenant's
    /// transaction-level advisory lock, so reading what is held and booked and taking more is one atomic step for every
    /// process on every host (the lock is held to the end of the caller's transaction, which books answers too).
    /// </summary>
    internal sealed class PostgresQuotaReservationStore : IQuotaReservationStore
    {
        private readonly PostgresLookupStore _store;

        public PostgresQuotaReservationStore(PostgresLookupStore store) => _store = store;

        public string Take(string tenant, TaskOwner owner, DateTime nowUtc, int count = 1, TimeSpan? lease = null)
        {
            return _store.Use(connection =>
            {
                Lock(connection, tenant);
                using var command = PostgresLookupStore.Command(connection,
                    "INSERT INTO kumatip.quota_reservations (tenant_key, count, machine, process_id, process_start, user_name, created, expires) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                    Tenants.Key(tenant), count, owner.Machine, owner.ProcessId, owner.StartTicks, Environment.UserName, nowUtc, nowUtc + (lease ?? QuotaReservationStore.Lease));
                return ((long)command.ExecuteScalar()!).ToString(CultureInfo.InvariantCulture);
            });
        }

        public int CountHeld(string tenant)
        {
            return _store.Use(connection =>
            {
                Lock(connection, tenant);
                using var command = PostgresLookupStore.Command(connection, "SELECT coalesce(sum(count), 0) FROM kumatip.quota_reservations WHERE tenant_key = $1", Tenants.Key(tenant));
                return (int)(long)command.ExecuteScalar()!;
            });
        }

        public bool GiveBack(string tenant, string grant, int count = 1)
        {
            var id = long.Parse(grant, CultureInfo.InvariantCulture);
            return _store.Use(connection =>
            {
                Lock(connection, tenant);
                using var update = PostgresLookupStore.Command(connection, "UPDATE kumatip.quota_reservations SET count = count - $2 WHERE id = $1 RETURNING count", id, count);
                var left = update.ExecuteScalar();
                if (left == null) return false;
                if ((int)left <= 0)
                {
                    using var delete = PostgresLookupStore.Command(connection, "DELETE FROM kumatip.quota_reservations WHERE id = $1", id);
                    delete.ExecuteNonQuery();
                }
                return true;
            });
        }

        public int Reclaim(string tenant, DateTime nowUtc)
        {
            return _store.Use(connection =>
            {
                Lock(connection, tenant);
                var current = TaskOwner.Current;
                var gone = new List<(long Id, int Count)>();
                var alive = new Dictionary<(string, int, long), bool>();
                using (var select = PostgresLookupStore.Command(connection,
                    "SELECT id, count, machine, process_id, process_start, created, expires FROM kumatip.quota_reservations WHERE tenant_key = $1", Tenants.Key(tenant)))
                using (var reader = select.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        var id = reader.GetInt64(0);
                        var count = reader.GetInt32(1);
                        var expires = DateTime.SpecifyKind(reader.GetDateTime(6), DateTimeKind.Utc);
                        if (expires <= nowUtc)
                        {
                            gone.Add((id, count));
                            continue;
                        }
                        var owner = new TaskOwner(reader.GetString(2), reader.GetInt32(3), reader.GetInt64(4));
                        if (owner.IsCurrentProcess) continue;
                        var key = (owner.Machine, owner.ProcessId, owner.StartTicks);
                        if (!alive.TryGetValue(key, out var isAlive))
                        {
                            // Another host's process cannot be asked: its grant counts until the lease ends.
                            isAlive = owner.IsAlive(DateTime.SpecifyKind(reader.GetDateTime(5), DateTimeKind.Utc), nowUtc, QuotaReservationStore.Lease);
                            alive[key] = isAlive;
                        }
                        if (!isAlive) gone.Add((id, count));
                    }
                }
                var reclaimed = 0;
                foreach (var (id, count) in gone)
                {
                    using var delete = PostgresLookupStore.Command(connection, "DELETE FROM kumatip.quota_reservations WHERE id = $1", id);
                    delete.ExecuteNonQuery();
                    reclaimed += count;
                }
                return reclaimed;
            });
        }

        /// <summary>The tenant's quota lock, to the end of the transaction (re-entrant: taking it again in the same one is free).</summary>
        private static void Lock(Npgsql.NpgsqlConnection connection, string tenant)
        {
            using var command = PostgresLookupStore.Command(connection, "SELECT pg_advisory_xact_lock(hashtext('kumatip.quota:' || $1))", Tenants.Key(tenant));
            command.ExecuteNonQuery();
        }
    }
}
