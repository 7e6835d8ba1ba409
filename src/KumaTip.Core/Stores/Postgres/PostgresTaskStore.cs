using System;
using System.Collections.Generic;
using System.Linq;
using KumaTip.Core.Indicators;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;
using Npgsql;

namespace KumaTip.Core.Stores.Postgres
{
    /// <summary>
    /// The team's task manager in <c>kumatip.tasks</c> / <c>kumatip.task_items</c>: every task of a tenant, named with
    /// the user and host that created it. A task row is locked (<c>FOR UPDATE</c>) while it is read and changed, so a
    /// stop request, a claim and the owner's updates never overwrite each other across hosts.
    /// </summary>
    internal sealed class PostgresTaskStore : ITaskStore
    {
        private const string TaskColumns =
            "id, type, status, created_by, created, last_update, heartbeat, tenant, service, file_name, uploaded, total, done, failed, pending, " +
            "sections, max_records, force, max_age_ticks, message, stop_requested, received, input_complete, owner_machine, owner_pid, owner_start";

        private readonly PostgresLookupStore _store;

        public PostgresTaskStore(PostgresLookupStore store) => _store = store;

        /// <summary>The user and host work is done by, as the team sees it: "alice@soc-ws-12".</summary>
        internal static string Who() => Environment.UserName + "@" + Environment.MachineName;

        public TipTask Create(LookupOptions options)
        {
            var now = _store.Now;
            var owner = TaskOwner.Current;
            // Others see who created it and where: the user alone says little in a team.
            var createdBy = options.CreatedBy.IndexOf('@') >= 0 ? options.CreatedBy : options.CreatedBy + "@" + Environment.MachineName;
            var id = _store.Use(connection =>
            {
                using var command = PostgresLookupStore.Command(connection,
                    "INSERT INTO kumatip.tasks (tenant_key, tenant, type, status, created_by, created, last_update, heartbeat, service, sections, max_records, force, max_age_ticks, " +
                    "owner_machine, owner_pid, owner_start) VALUES ($1, $2, $3, $4, $5, $6, $6, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
                    Tenants.Key(options.Tenant), options.Tenant, TipTask.ThreatLookup, nameof(TipTaskStatus.Running), createdBy, now, options.Service.ToString(),
                    string.Join("\t", options.Sections), options.MaxRecords ?? 0, options.Force, options.MaxAge?.Ticks, owner.Machine, owner.ProcessId, owner.StartTicks);
                return (int)command.ExecuteScalar()!;
            });
            return Get(id) ?? throw new InvalidOperationException("Task " + id + " was created but cannot be read back from the " + _store.Location + ".");
        }

        public TipTask CreateAnalysis(string tenant, string createdBy, string fileName, TipIndicator hash)
        {
            // One transaction, as on LiteDB: never a Running task without its file's item.
            return InTransactionOrJoin(_ =>
            {
                var task = Create(new LookupOptions { Tenant = tenant, CreatedBy = createdBy, Service = Api.PortalService.OpenTip, MaxRecords = null });
                Execute("UPDATE kumatip.tasks SET type = $2, file_name = $3 WHERE id = $1", task.Id, TipTask.ThreatAnalysis, fileName);
                AddItems(task.Id, new[] { hash }, received: 1);
                MarkInputComplete(task.Id, 1);
                return Get(task.Id)!;
            });
        }

        public void MarkUploaded(int taskId)
        {
            var now = _store.Now;
            if (Execute("UPDATE kumatip.tasks SET uploaded = true, last_update = $2, heartbeat = $2 WHERE id = $1", taskId, now) == 0) throw Missing(taskId);
        }

        public void AddItems(int taskId, IReadOnlyCollection<TipIndicator> indicators, int received = 0)
        {
            if (indicators.Count == 0) return;
            var now = _store.Now;
            var keys = new List<string>(indicators.Count);
            var values = new List<string>(indicators.Count);
            var types = new List<string>(indicators.Count);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var indicator in indicators)
            {
                var key = ItemKey(indicator);
                if (!seen.Add(key)) continue;
                keys.Add(key);
                values.Add(indicator.Value);
                types.Add(indicator.Type.ToString());
            }
            InTransactionOrJoin(connection =>
            {
                var tenantKey = TenantKeyOf(connection, taskId, forUpdate: true);
                int added;
                using (var insert = PostgresLookupStore.Command(connection,
                    "INSERT INTO kumatip.task_items (task_id, item_key, tenant_key, value, type, state, updated) " +
                    "SELECT $1, k, $2, v, t, 'Pending', $3 FROM unnest($4::text[], $5::text[], $6::text[]) AS u(k, v, t) ON CONFLICT DO NOTHING",
                    taskId, tenantKey, now, keys.ToArray(), values.ToArray(), types.ToArray()))
                {
                    added = insert.ExecuteNonQuery();
                }
                using var update = PostgresLookupStore.Command(connection,
                    "UPDATE kumatip.tasks SET total = total + $2, pending = pending + $2, received = GREATEST(received, $3), last_update = $4, heartbeat = $4 WHERE id = $1",
                    taskId, added, received, now);
                update.ExecuteNonQuery();
            });
        }

        public bool RecordItems(int taskId, IEnumerable<(TipIndicator Indicator, TaskItemState State, string? Error)> changes)
        {
            var now = _store.Now;
            var list = changes.Select(c => (Key: ItemKey(c.Indicator), c.State, c.Error)).ToList();
            return _store.Use(connection =>
            {
                var states = new Dictionary<string, TaskItemState>(StringComparer.Ordinal);
                using (var select = PostgresLookupStore.Command(connection,
                    "SELECT item_key, state FROM kumatip.task_items WHERE task_id = $1 AND item_key = ANY($2) FOR UPDATE", taskId, list.Select(c => c.Key).Distinct().ToArray()))
                using (var reader = select.ExecuteReader())
                {
                    while (reader.Read()) states[reader.GetString(0)] = ParseState(reader.GetString(1));
                }
                int done = 0, failed = 0, pending = 0;
                var changed = new Dictionary<string, (TaskItemState State, string? Error)>(StringComparer.Ordinal);
                foreach (var change in list)
                {
                    // In order, as the LiteDB store does: a Done item stays done, and a later change of the same item sees the earlier one.
                    if (!states.TryGetValue(change.Key, out var before) || before == TaskItemState.Done) continue;
                    Adjust(before, -1, ref done, ref failed, ref pending);
                    Adjust(change.State, +1, ref done, ref failed, ref pending);
                    states[change.Key] = change.State;
                    changed[change.Key] = (change.State, change.Error);
                }
                if (changed.Count > 0)
                {
                    using var update = PostgresLookupStore.Command(connection,
                        "UPDATE kumatip.task_items i SET state = u.s, error = u.e, updated = $2 FROM unnest($3::text[], $4::text[], $5::text[]) AS u(k, s, e) " +
                        "WHERE i.task_id = $1 AND i.item_key = u.k",
                        taskId, now, changed.Keys.ToArray(), changed.Values.Select(v => v.State.ToString()).ToArray(), changed.Values.Select(v => v.Error).ToArray());
                    update.ExecuteNonQuery();
                }
                using var task = PostgresLookupStore.Command(connection,
                    "UPDATE kumatip.tasks SET done = done + $2, failed = failed + $3, pending = pending + $4, last_update = $5, heartbeat = $5 WHERE id = $1 RETURNING stop_requested",
                    taskId, done, failed, pending, now);
                var stop = task.ExecuteScalar();
                if (stop == null) throw Missing(taskId);
                return (bool)stop;
            });
        }

        public void MarkInputComplete(int taskId, int received)
            => Execute("UPDATE kumatip.tasks SET input_complete = true, received = GREATEST(received, $2) WHERE id = $1", taskId, received);

        public bool Heartbeat(int taskId, int received = 0)
        {
            var now = _store.Now;
            return _store.Use(connection =>
            {
                // One statement: a stop request written by another host is read, never overwritten.
                using var command = PostgresLookupStore.Command(connection,
                    "UPDATE kumatip.tasks SET heartbeat = $2, received = GREATEST(received, $3) WHERE id = $1 RETURNING stop_requested", taskId, now, received);
                return command.ExecuteScalar() is bool stop && stop;
            });
        }

        public TipTask Finish(int taskId, TipTaskStatus status, string? message)
        {
            var now = _store.Now;
            if (Execute("UPDATE kumatip.tasks SET status = $2, message = $3, last_update = $4, stop_requested = false, owner_pid = NULL WHERE id = $1",
                    taskId, status.ToString(), message, now) == 0) throw Missing(taskId);
            return Get(taskId)!;
        }

        public TipTask? TryClaim(int taskId, out string? refusal)
        {
            string? reason = null;
            var claimed = InTransactionOrJoin(connection =>
            {
                var task = Read(connection, "SELECT " + TaskColumns + " FROM kumatip.tasks WHERE id = $1 FOR UPDATE", taskId).FirstOrDefault();
                if (task == null)
                {
                    reason = TaskQuery.NotFoundMessage(taskId, null);
                    return null;
                }
                if (task.Value.Task.State == TipTaskStatus.Running && !task.Value.Task.Abandoned && !(task.Value.Owner?.IsCurrentProcess ?? false))
                {
                    var where = task.Value.Owner == null ? "" : " on " + task.Value.Owner.Machine;
                    reason = "Task " + taskId + " is running in process " + task.Value.Task.ProcessId + where + " (" + task.Value.Task.CreatedBy + "). " +
                             "Wait for it, or stop it with Stop-TipTask -Id " + taskId + ". A task whose host stopped sending its heartbeat counts as abandoned after " +
                             TaskStore.StaleAfter.TotalMinutes + " minutes.";
                    return null;
                }
                if (task.Value.Task.State == TipTaskStatus.Running && RunningTasks.Find(_store.Identity, taskId) != null)
                {
                    reason = "Task " + taskId + " is still running in this PowerShell session (a background job, for example). " +
                             "Wait for it (Receive-Job -Wait), or stop it with Stop-TipTask -Id " + taskId + " and then restart it.";
                    return null;
                }
                var owner = TaskOwner.Current;
                var now = _store.Now;
                using (var update = PostgresLookupStore.Command(connection,
                    "UPDATE kumatip.tasks SET status = 'Running', stop_requested = false, message = NULL, last_update = $2, heartbeat = $2, owner_machine = $3, owner_pid = $4, owner_start = $5 WHERE id = $1",
                    taskId, now, owner.Machine, owner.ProcessId, owner.StartTicks))
                {
                    update.ExecuteNonQuery();
                }
                return (TipTask?)Read(connection, "SELECT " + TaskColumns + " FROM kumatip.tasks WHERE id = $1", taskId).First()!.Value.Task;
            });
            refusal = reason;
            return claimed;
        }

        public TipTask? RequestStop(int taskId)
        {
            return InTransactionOrJoin(connection =>
            {
                var found = Read(connection, "SELECT " + TaskColumns + " FROM kumatip.tasks WHERE id = $1 FOR UPDATE", taskId).FirstOrDefault();
                if (found == null) return null;
                var task = found.Value.Task;
                if (task.State == TipTaskStatus.Running || task.State == TipTaskStatus.Queued || task.State == TipTaskStatus.Abandoned)
                {
                    var sql = task.Abandoned
                        ? "UPDATE kumatip.tasks SET status = 'Cancelled', owner_pid = NULL, last_update = $2 WHERE id = $1"
                        : "UPDATE kumatip.tasks SET stop_requested = true, last_update = $2 WHERE id = $1";
                    using var update = PostgresLookupStore.Command(connection, sql, taskId, _store.Now);
                    update.ExecuteNonQuery();
                }
                return (TipTask?)Read(connection, "SELECT " + TaskColumns + " FROM kumatip.tasks WHERE id = $1", taskId).First()!.Value.Task;
            });
        }

        public TipTask? Get(int taskId)
            => _store.Use(connection => Read(connection, "SELECT " + TaskColumns + " FROM kumatip.tasks WHERE id = $1", taskId).Select(t => t!.Value.Task).FirstOrDefault());

        public IReadOnlyList<TipTask> List()
            => _store.Use(connection => Read(connection, "SELECT " + TaskColumns + " FROM kumatip.tasks ORDER BY id DESC").Select(t => t!.Value.Task).ToList());

        public IReadOnlyList<TaskItem> ItemsOf(int taskId)
        {
            return _store.Use(connection =>
            {
                var items = new List<TaskItem>();
                // In key order, as the LiteDB store lists them.
                using var command = PostgresLookupStore.Command(connection,
                    "SELECT value, type, state, error FROM kumatip.task_items WHERE task_id = $1 ORDER BY item_key COLLATE \"C\"", taskId);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var value = reader.GetString(0);
                    var type = (TipIndicatorType)Enum.Parse(typeof(TipIndicatorType), reader.GetString(1));
                    items.Add(new TaskItem(taskId, new TipIndicator(value, type, value), ParseState(reader.GetString(2)), reader.IsDBNull(3) ? null : reader.GetString(3)));
                }
                return items;
            });
        }

        private static string ItemKey(TipIndicator indicator) => indicator.Type + ":" + CacheKey.ValuePart(indicator.Value);

        private T InTransactionOrJoin<T>(Func<NpgsqlConnection, T> work)
            => _store.IsInTransaction ? _store.Use(work) : _store.InTransaction(() => _store.Use(work));

        private void InTransactionOrJoin(Action<NpgsqlConnection> work) => InTransactionOrJoin(connection =>
        {
            work(connection);
            return true;
        });

        private int Execute(string sql, params object?[] values) => _store.Use(connection =>
        {
            using var command = PostgresLookupStore.Command(connection, sql, values);
            return command.ExecuteNonQuery();
        });

        private string TenantKeyOf(NpgsqlConnection connection, int taskId, bool forUpdate)
        {
            using var command = PostgresLookupStore.Command(connection, "SELECT tenant_key FROM kumatip.tasks WHERE id = $1" + (forUpdate ? " FOR UPDATE" : ""), taskId);
            return command.ExecuteScalar() as string ?? throw Missing(taskId);
        }

        private List<(TipTask Task, TaskOwner? Owner)?> Read(NpgsqlConnection connection, string sql, params object?[] values)
        {
            var now = _store.Now;
            var tasks = new List<(TipTask, TaskOwner?)?>();
            using var command = PostgresLookupStore.Command(connection, sql, values);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var status = (TipTaskStatus)Enum.Parse(typeof(TipTaskStatus), reader.GetString(2));
                var owner = reader.IsDBNull(24) ? null : new TaskOwner(reader.GetString(23), reader.GetInt32(24), reader.GetInt64(25));
                var heartbeat = reader.IsDBNull(6) ? DateTime.MinValue : Utc(reader.GetDateTime(6));
                var running = status == TipTaskStatus.Running || status == TipTaskStatus.Queued;
                var abandoned = running && (owner == null || !owner.IsAlive(heartbeat, now, TaskStore.StaleAfter));
                var sections = reader.GetString(15);
                tasks.Add((new TipTask
                {
                    Id = reader.GetInt32(0),
                    Type = reader.GetString(1),
                    State = abandoned ? TipTaskStatus.Abandoned : status,
                    CreatedBy = reader.GetString(3),
                    Created = new DateTimeOffset(Utc(reader.GetDateTime(4))),
                    LastUpdate = new DateTimeOffset(Utc(reader.GetDateTime(5))),
                    Tenant = reader.GetString(7),
                    Service = reader.GetString(8),
                    FileName = reader.IsDBNull(9) ? null : reader.GetString(9),
                    Uploaded = reader.GetBoolean(10),
                    Total = reader.GetInt32(11),
                    Done = reader.GetInt32(12),
                    Failed = reader.GetInt32(13),
                    Pending = reader.GetInt32(14),
                    Sections = sections.Length == 0 ? Array.Empty<string>() : sections.Split('\t'),
                    MaxRecords = reader.GetInt32(16),
                    Force = reader.GetBoolean(17),
                    MaxAge = reader.IsDBNull(18) ? (TimeSpan?)null : TimeSpan.FromTicks(reader.GetInt64(18)),
                    Message = reader.IsDBNull(19) ? null : reader.GetString(19),
                    StopRequested = reader.GetBoolean(20),
                    Received = reader.GetInt32(21),
                    InputComplete = reader.GetBoolean(22),
                    ProcessId = running ? owner?.ProcessId : null,
                    Abandoned = abandoned,
                }, owner));
            }
            return tasks;
        }

        private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);

        private InvalidOperationException Missing(int taskId) => new InvalidOperationException("Task " + taskId + " does not exist in the " + _store.Location + ".");

        private static void Adjust(TaskItemState state, int by, ref int done, ref int failed, ref int pending)
        {
            switch (state)
            {
                case TaskItemState.Done: done += by; break;
                case TaskItemState.Failed: failed += by; break;
                default: pending += by; break;
            }
        }

        private static TaskItemState ParseState(string value) => (TaskItemState)Enum.Parse(typeof(TaskItemState), value);
    }
}
