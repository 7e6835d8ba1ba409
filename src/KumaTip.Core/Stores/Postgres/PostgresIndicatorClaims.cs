using System;
using System.Collections.Generic;
using System.Linq;
using KumaTip.Core.Api;
using KumaTip.Core.Indicators;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Stores.Postgres
{
    /// <summary>Claims in <c>kumatip.claims</c>, one row per indicator being bought, with the server's clock for leases (hosts' clocks differ).</summary>
    internal sealed class PostgresIndicatorClaims : IIndicatorClaims
    {
        private readonly PostgresLookupStore _store;

        public PostgresIndicatorClaims(PostgresLookupStore store) => _store = store;

        public bool TryClaim(string tenant, TipIndicator indicator, PortalService service, int? taskId, TimeSpan lease)
        {
            var key = PostgresResultCache.RowKey(tenant, indicator.Kind, indicator.Value, service);
            var me = TaskOwner.Current;
            return _store.Use(connection =>
            {
                for (var attempt = 0; attempt < 2; attempt++)
                {
                    // New, expired, or already ours: taken (or renewed) in one statement.
                    using (var take = PostgresLookupStore.Command(connection,
                        "INSERT INTO kumatip.claims AS c (cache_key, tenant_key, task_id, machine, process_id, process_start, expires) " +
                        "VALUES ($1, $2, $3, $4, $5, $6, clock_timestamp() + make_interval(secs => $7)) " +
                        "ON CONFLICT (cache_key) DO UPDATE SET task_id = EXCLUDED.task_id, machine = EXCLUDED.machine, process_id = EXCLUDED.process_id, " +
                        "process_start = EXCLUDED.process_start, expires = EXCLUDED.expires " +
                        "WHERE c.expires < clock_timestamp() OR (c.machine = EXCLUDED.machine AND c.process_id = EXCLUDED.process_id AND c.process_start = EXCLUDED.process_start " +
                        "AND c.task_id IS NOT DISTINCT FROM EXCLUDED.task_id) " +
                        "RETURNING cache_key",
                        key, Tenants.Key(tenant), taskId, me.Machine, me.ProcessId, me.StartTicks, lease.TotalSeconds))
                    {
                        if (take.ExecuteScalar() != null) return true;
                    }
                    // Held by another: a process of this machine that is gone gives it up at once; one elsewhere keeps it to the lease's end.
                    TaskOwner? owner = null;
                    using (var read = PostgresLookupStore.Command(connection, "SELECT machine, process_id, process_start FROM kumatip.claims WHERE cache_key = $1", key))
                    using (var reader = read.ExecuteReader())
                    {
                        if (reader.Read()) owner = new TaskOwner(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2));
                    }
                    if (owner != null && (!string.Equals(owner.Machine, me.Machine, StringComparison.OrdinalIgnoreCase) || owner.IsAlive(DateTime.UtcNow, DateTime.UtcNow, lease))) return false;
                    using var drop = PostgresLookupStore.Command(connection, "DELETE FROM kumatip.claims WHERE cache_key = $1 AND machine = $2 AND process_id = $3 AND process_start = $4",
                        key, owner?.Machine ?? "", owner?.ProcessId ?? 0, owner?.StartTicks ?? 0);
                    drop.ExecuteNonQuery();
                }
                return false;
            });
        }

        public void Release(string tenant, IEnumerable<TipIndicator> indicators, PortalService service, int? taskId)
        {
            var keys = indicators.Select(i => PostgresResultCache.RowKey(tenant, i.Kind, i.Value, service)).Distinct().ToArray();
            if (keys.Length == 0) return;
            var me = TaskOwner.Current;
            _store.Use(connection =>
            {
                using var command = PostgresLookupStore.Command(connection,
                    "DELETE FROM kumatip.claims WHERE cache_key = ANY($1) AND machine = $2 AND process_id = $3 AND process_start = $4 AND task_id IS NOT DISTINCT FROM $5",
                    keys, me.Machine, me.ProcessId, me.StartTicks, taskId);
                return command.ExecuteNonQuery();
            });
        }
    }
}
