using System;
using System.Collections.Generic;
using System.Linq;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;
using Npgsql;

namespace KumaTip.Core.Stores.Postgres
{
    /// <summary>
    /// The team store's side of Copy-TipStore: batch writes that are safe to repeat. Tasks and ledger rows carry their
    /// origin (schema version 2: unique per tenant), so a second copy inserts nothing; a cached answer replaces the
    /// team's only when it is newer. Every method joins the caller's transaction (<see cref="PostgresLookupStore.InTransaction{T}"/>).
    /// </summary>
    internal sealed class PostgresCopyTarget
    {
        private readonly PostgresLookupStore _store;

        public PostgresCopyTarget(PostgresLookupStore store) => _store = store;

        /// <summary>Team task ids of the tasks already copied with an origin starting with <paramref name="originPrefix"/>, by origin.</summary>
        public Dictionary<string, int> CopiedTasks(string tenant, string originPrefix) => _store.Use(connection =>
        {
            var copied = new Dictionary<string, int>(StringComparer.Ordinal);
            using var command = PostgresLookupStore.Command(connection,
                "SELECT origin, id FROM kumatip.tasks WHERE tenant_key = $1 AND starts_with(origin, $2)", Tenants.Key(tenant), originPrefix);
            using var reader = command.ExecuteReader();
            while (reader.Read()) copied[reader.GetString(0)] = reader.GetInt32(1);
            return copied;
        });

        /// <summary>
        /// Inserts a copy of <paramref name="task"/> (no owner: a task that was running locally reads as abandoned, and anyone
        /// of the team may finish it) with its items; returns its new id, or null when a task of that origin exists already.
        /// </summary>
        public int? InsertTask(TipTask task, IReadOnlyList<TaskItem> items, string origin, string createdBy)
        {
            var tenantKey = Tenants.Key(task.Tenant);
            // A task that was running or abandoned locally keeps Running without an owner: the team store shows it as abandoned.
            var status = task.State == TipTaskStatus.Abandoned ? TipTaskStatus.Running : task.State;
            return _store.Use(connection =>
            {
                int? id;
                using (var insert = PostgresLookupStore.Command(connection,
                    "INSERT INTO kumatip.tasks (tenant_key, tenant, type, status, created_by, created, last_update, heartbeat, service, file_name, uploaded, " +
                    "total, done, failed, pending, sections, max_records, force, max_age_ticks, message, stop_requested, received, input_complete, origin) " +
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, false, $20, $21, $22) " +
                    "ON CONFLICT (tenant_key, origin) WHERE origin IS NOT NULL DO NOTHING RETURNING id",
                    tenantKey, task.Tenant, task.Type, status.ToString(), createdBy, task.Created.UtcDateTime, task.LastUpdate.UtcDateTime, task.Service,
                    task.FileName, task.Uploaded, task.Total, task.Done, task.Failed, task.Pending, string.Join("\t", task.Sections), task.MaxRecords, task.Force,
                    task.MaxAge?.Ticks, task.Message, task.Received, task.InputComplete, origin))
                {
                    id = insert.ExecuteScalar() is int inserted ? inserted : (int?)null;
                }
                if (id == null || items.Count == 0) return id;
                const int Chunk = 5000;
                var updated = task.LastUpdate.UtcDateTime;
                for (var i = 0; i < items.Count; i += Chunk)
                {
                    var chunk = items.Skip(i).Take(Chunk).ToList();
                    using var command = PostgresLookupStore.Command(connection,
                        "INSERT INTO kumatip.task_items (task_id, item_key, tenant_key, value, type, state, error, updated) " +
                        "SELECT $1, k, $2, v, t, s, e, $3 FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) WITH ORDINALITY AS u(k, v, t, s, e, n) " +
                        "ORDER BY n ON CONFLICT DO NOTHING",
                        id.Value, tenantKey, updated,
                        chunk.Select(item => item.Indicator.Type + ":" + CacheKey.ValuePart(item.Indicator.Value)).ToArray(),
                        chunk.Select(item => item.Indicator.Value).ToArray(),
                        chunk.Select(item => item.Indicator.Type.ToString()).ToArray(),
                        chunk.Select(item => item.State.ToString()).ToArray(),
                        chunk.Select(item => item.Error).ToArray());
                    command.ExecuteNonQuery();
                }
                return id;
            });
        }

        /// <summary>How the team store's answers for these keys compare with the local ones: when each was received (UTC), by row key.</summary>
        public Dictionary<string, DateTime> ReceivedAt(string tenant, IReadOnlyCollection<string> rowKeys) => _store.Use(connection =>
        {
            var found = new Dictionary<string, DateTime>(StringComparer.Ordinal);
            using var command = PostgresLookupStore.Command(connection,
                "SELECT cache_key, received_at FROM kumatip.results WHERE tenant_key = $1 AND cache_key = ANY($2)", Tenants.Key(tenant), rowKeys.ToArray());
            using var reader = command.ExecuteReader();
            while (reader.Read()) found[reader.GetString(0)] = DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc);
            return found;
        });

        /// <summary>
        /// Writes the answers with their bodies; an answer the team store holds already is replaced only by a newer one
        /// (checked again in the statement, against a lookup that wrote meanwhile). Returns how many rows were written.
        /// </summary>
        public int PutResults(string tenant, IReadOnlyList<(string RowKey, TipLookupResult Result, string Body, int TaskId)> rows, string createdBy)
        {
            if (rows.Count == 0) return 0;
            return _store.Use(connection =>
            {
                using var command = PostgresLookupStore.Command(connection,
                    "INSERT INTO kumatip.results AS r (cache_key, tenant_key, tenant, service, indicator, type, found, zone, status, categories, received_at, task_id, sections, " +
                    "max_records, portal_url, body, created_by) " +
                    "SELECT k, $1, $2, sv, i, t, f, z, st, c, ra, ti, se, mr, pu, b, $3 " +
                    "FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[], $9::text[], $10::text[], $11::text[], $12::timestamptz[], $13::integer[], " +
                    "$14::text[], $15::integer[], $16::text[], $17::text[]) AS u(k, sv, i, t, f, z, st, c, ra, ti, se, mr, pu, b) " +
                    "ON CONFLICT (cache_key) DO UPDATE SET tenant = EXCLUDED.tenant, service = EXCLUDED.service, indicator = EXCLUDED.indicator, type = EXCLUDED.type, " +
                    "found = EXCLUDED.found, zone = EXCLUDED.zone, status = EXCLUDED.status, categories = EXCLUDED.categories, received_at = EXCLUDED.received_at, " +
                    "task_id = EXCLUDED.task_id, sections = EXCLUDED.sections, max_records = EXCLUDED.max_records, portal_url = EXCLUDED.portal_url, body = EXCLUDED.body, " +
                    "created_by = EXCLUDED.created_by WHERE r.received_at < EXCLUDED.received_at",
                    Tenants.Key(tenant), Tenants.Normalize(tenant), createdBy,
                    rows.Select(x => x.RowKey).ToArray(),
                    rows.Select(x => CacheKey.ServiceOf(x.Result.Service).ToString()).ToArray(),
                    rows.Select(x => x.Result.Indicator).ToArray(),
                    rows.Select(x => x.Result.Type).ToArray(),
                    rows.Select(x => x.Result.Found).ToArray(),
                    rows.Select(x => x.Result.Zone).ToArray(),
                    rows.Select(x => x.Result.Status).ToArray(),
                    rows.Select(x => string.Join("\t", x.Result.Categories)).ToArray(),
                    rows.Select(x => x.Result.ReceivedAt.UtcDateTime).ToArray(),
                    rows.Select(x => x.TaskId).ToArray(),
                    rows.Select(x => string.Join("\t", x.Result.Sections)).ToArray(),
                    rows.Select(x => x.Result.MaxRecords).ToArray(),
                    rows.Select(x => x.Result.PortalUrl ?? "").ToArray(),
                    rows.Select(x => x.Body).ToArray());
                return command.ExecuteNonQuery();
            });
        }

        /// <summary>Adds ledger rows under their origins (as spent by <paramref name="user"/> on <paramref name="host"/>); returns how many were new.</summary>
        public int AddLedgerRows(string tenant, IReadOnlyList<(LedgerEntry Entry, string Origin)> rows, string user, string host)
        {
            if (rows.Count == 0) return 0;
            return _store.Use(connection =>
            {
                using var command = PostgresLookupStore.Command(connection,
                    "INSERT INTO kumatip.ledger (tenant_key, tenant, at, indicator_type, indicator, status_code, user_name, host, origin) " +
                    "SELECT $1, $2, a, it, i, s, $3, $4, o FROM unnest($5::timestamptz[], $6::text[], $7::text[], $8::integer[], $9::text[]) WITH ORDINALITY AS u(a, it, i, s, o, n) " +
                    "ORDER BY n ON CONFLICT (tenant_key, origin) WHERE origin IS NOT NULL DO NOTHING",
                    Tenants.Key(tenant), Tenants.Normalize(tenant), user, host,
                    rows.Select(x => DateTime.SpecifyKind(x.Entry.Time, DateTimeKind.Utc)).ToArray(),
                    rows.Select(x => x.Entry.IndicatorType).ToArray(),
                    rows.Select(x => x.Entry.Indicator).ToArray(),
                    rows.Select(x => x.Entry.StatusCode).ToArray(),
                    rows.Select(x => x.Origin).ToArray());
                return command.ExecuteNonQuery();
            });
        }
    }
}
