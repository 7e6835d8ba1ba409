using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;
using KumaTip.Core.Stores.LiteDb;
using KumaTip.Core.Stores.Postgres;

namespace KumaTip.Core.Stores.Copy
{
    /// <summary>
    /// Copy-TipStore: copies what a user's local data file holds — cached answers with their bodies, tasks with their
    /// items, the ledger of requests spent and the licence snapshot — into the PostgreSQL team store, so an analyst who
    /// joins the team keeps what they paid for. Safe to repeat: tasks and ledger rows carry their origin (the file's copy
    /// id and the local id; unique in the team store), so a second copy adds nothing and today's spend is counted once; a
    /// cached answer is written only when the team has none or an older one for the same indicator; the licence snapshot
    /// only when newer. Works in pages inside transactions of moderate size. A tenant the team store's role may not write
    /// (row-level security) is reported with how to get the grant, and the other tenants are copied.
    /// </summary>
    public sealed class StoreCopier
    {
        /// <summary>Cached answers per transaction (bodies included: a few MB at most).</summary>
        public const int ResultBatchSize = 500;

        /// <summary>Ledger rows per transaction.</summary>
        public const int LedgerBatchSize = 5000;

        /// <summary>Task items per transaction, roughly: tasks go together until their items reach it (a bigger task goes alone).</summary>
        public const int ItemBatchSize = 5000;

        private readonly LocalCopySource _source;
        private readonly PostgresLookupStore _target;
        private readonly PostgresCopyTarget _writer;
        private readonly string _user;
        private readonly string _host;

        /// <param name="local">The user's local store (a <see cref="LiteDbLookupStore"/> over the data directory's database).</param>
        /// <param name="team">The team store to copy into; its schema must be current (Initialize-TipStore).</param>
        public StoreCopier(LiteDbLookupStore local, PostgresLookupStore team)
            : this(local, team, Environment.UserName, Environment.MachineName)
        {
        }

        internal StoreCopier(LiteDbLookupStore local, PostgresLookupStore team, string user, string host)
        {
            _source = new LocalCopySource(local);
            _target = team;
            _writer = new PostgresCopyTarget(team);
            _user = user;
            _host = host;
        }

        /// <summary>
        /// The copier for a workspace: from its data directory's file into the team store it has chosen (KUMATIP_STORE or
        /// Set-TipStore). The cmdlet's one call: no store or clock type crosses into the PowerShell assembly (they live in
        /// the module's private load context).
        /// </summary>
        /// <exception cref="TipStoreException">The chosen store is the local file (NotPostgreSql), or KUMATIP_STORE is not a connection string.</exception>
        public static StoreCopier ForWorkspace(TipWorkspace workspace)
        {
            var choice = StoreLocator.Resolve(workspace);
            if (choice.Kind != StoreKind.PostgreSql || !(workspace.Store is PostgresLookupStore team))
            {
                throw new TipStoreException(TipStoreProblem.NotPostgreSql,
                    "The store in use is the local data file (" + workspace.Database.Directory + "): there is nothing to copy to. " +
                    "Choose the team store first with Set-TipStore -PostgreSql -ConnectionString '…' (or set KUMATIP_STORE), run Initialize-TipStore once, then Copy-TipStore.");
            }
            return new StoreCopier(new LiteDbLookupStore(workspace.Database, workspace.Time), team);
        }

        /// <summary>The local data directory, for messages.</summary>
        public string SourceLocation => _source.Location;

        /// <summary>The team store (server, database, user; never a password), for messages.</summary>
        public string TargetLocation => _target.Location;

        /// <summary>host:port of the team store, the target of its errors.</summary>
        public string TargetServer => _target.Host + ":" + _target.Port;

        /// <summary>What the local file holds for <paramref name="tenants"/> (null or empty: every tenant it holds anything of). Reads only.</summary>
        public StoreCopyPlan Plan(IEnumerable<string>? tenants = null)
        {
            var plans = new List<TenantCopyPlan>();
            foreach (var tenant in Choose(tenants))
            {
                var tasks = _source.Tasks(tenant);
                var ledger = _source.Ledger(tenant).Count;
                var results = _source.ResultCount(tenant);
                var license = _source.License(tenant) != null;
                if (results == 0 && tasks.Count == 0 && ledger == 0 && !license) continue;
                plans.Add(new TenantCopyPlan(tenant, results, tasks.Count, tasks.Sum(t => t.Total), ledger, license));
            }
            return new StoreCopyPlan(plans);
        }

        /// <summary>
        /// Copies <paramref name="tenants"/> (null or empty: every tenant of the local file). Tenants the team store refuses
        /// are in <see cref="StoreCopyOutcome.Failures"/>; any other store error ends the copy (what was committed stays,
        /// and running it again finishes it).
        /// </summary>
        /// <exception cref="TipStorageException">The team store cannot be reached, or its schema is not current.</exception>
        /// <exception cref="OperationCanceledException">Cancelled (between batches; committed batches stay).</exception>
        public StoreCopyOutcome Copy(IEnumerable<string>? tenants = null, IProgress<StoreCopyProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            var watch = Stopwatch.StartNew();
            var plan = Plan(tenants);
            var summary = new TipStoreCopySummary { Source = _source.Location, Target = _target.Location };
            var failures = new List<TipStoreCopyFailure>();
            var copied = new List<string>();
            var copyId = plan.Tenants.Count == 0 ? "" : _source.CopyId();
            foreach (var tenant in plan.Tenants)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    CopyTenant(tenant, copyId, summary, progress, cancellationToken);
                    copied.Add(tenant.Tenant);
                }
                catch (TipStorageException ex) when (ex.Problem == TipStorageProblem.AccessDenied && IsRowSecurityRefusal(ex))
                {
                    failures.Add(new TipStoreCopyFailure(tenant.Tenant,
                        "Tenant '" + tenant.Tenant + "' was not copied: the " + _target.Location + " does not let role '" + _target.User + "' write its rows (row-level security). " +
                        "An administrator grants it with Initialize-TipStore -TenantRole <role> -Tenant " + tenant.Tenant + " -Member " + _target.User +
                        " (see docs/team-store.md); then run Copy-TipStore -Tenant " + tenant.Tenant + " again. The other tenants are copied.", ex));
                }
            }
            summary.Tenants = copied.ToArray();
            summary.FailedTenants = failures.Select(f => f.Tenant).ToArray();
            summary.Duration = watch.Elapsed;
            return new StoreCopyOutcome(summary, failures);
        }

        private IReadOnlyList<string> Choose(IEnumerable<string>? tenants)
        {
            var given = tenants?.Select(Tenants.Normalize).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (given == null || given.Count == 0) return _source.Tenants();
            // As the local file spells them, when it has them.
            var local = _source.Tenants();
            return given.Select(t => local.FirstOrDefault(l => string.Equals(l, t, StringComparison.OrdinalIgnoreCase)) ?? t).ToList();
        }

        private void CopyTenant(TenantCopyPlan plan, string copyId, TipStoreCopySummary summary, IProgress<StoreCopyProgress>? progress, CancellationToken cancellationToken)
        {
            var tenant = plan.Tenant;
            // Tasks first: the answers then point at the copied tasks' new ids.
            var taskIds = CopyTasks(plan, copyId, summary, progress, cancellationToken);
            CopyResults(plan, taskIds, summary, progress, cancellationToken);
            CopyLedger(plan, copyId, summary, progress, cancellationToken);
            progress?.Report(new StoreCopyProgress(tenant, "Licence", 0, 1));
            var local = _source.License(tenant);
            if (local != null)
            {
                var team = _target.Licenses.GetLast(tenant);
                if (team == null || team.SeenAt < local.SeenAt)
                {
                    _target.Licenses.Save(tenant, local.Info, local.SeenAt);
                    summary.LicensesCopied++;
                }
            }
            progress?.Report(new StoreCopyProgress(tenant, "Licence", 1, 1));
        }

        /// <summary>Copies the tenant's tasks not copied before; returns local task id → team task id for all of them.</summary>
        private Dictionary<int, int> CopyTasks(TenantCopyPlan plan, string copyId, TipStoreCopySummary summary, IProgress<StoreCopyProgress>? progress, CancellationToken cancellationToken)
        {
            var tenant = plan.Tenant;
            var prefix = copyId + ":task:";
            var tasks = _source.Tasks(tenant);
            var mapping = new Dictionary<int, int>();
            var done = 0;
            progress?.Report(new StoreCopyProgress(tenant, "Tasks", 0, tasks.Count));
            if (tasks.Count == 0) return mapping;
            var copiedBefore = _writer.CopiedTasks(tenant, prefix);
            var pending = new List<TipTask>();
            foreach (var task in tasks)
            {
                if (copiedBefore.TryGetValue(prefix + task.Id, out var teamId))
                {
                    mapping[task.Id] = teamId;
                    summary.TasksAlreadyCopied++;
                    done++;
                }
                else
                {
                    pending.Add(task);
                }
            }
            var index = 0;
            while (index < pending.Count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                // One transaction per group of tasks whose items stay under the batch size: a task is never copied without its items.
                var group = new List<TipTask>();
                var items = 0;
                while (index < pending.Count && (group.Count == 0 || items + pending[index].Total <= ItemBatchSize) && group.Count < 200)
                {
                    items += pending[index].Total;
                    group.Add(pending[index++]);
                }
                var ids = _target.InTransaction(() =>
                {
                    var written = new List<(int Local, int? Team, int Items)>();
                    foreach (var task in group)
                    {
                        var taskItems = _source.Items(task.Id);
                        var createdBy = task.CreatedBy.IndexOf('@') >= 0 ? task.CreatedBy : (task.CreatedBy.Length == 0 ? _user : task.CreatedBy) + "@" + _host;
                        written.Add((task.Id, _writer.InsertTask(task, taskItems, prefix + task.Id, createdBy), taskItems.Count));
                    }
                    return written;
                });
                // A concurrent copy of the same file may have taken some: their ids are read back.
                var lost = ids.Where(w => w.Team == null).ToList();
                var theirs = lost.Count == 0 ? new Dictionary<string, int>() : _writer.CopiedTasks(tenant, prefix);
                foreach (var w in ids)
                {
                    if (w.Team is int team)
                    {
                        mapping[w.Local] = team;
                        summary.TasksCopied++;
                        summary.ItemsCopied += w.Items;
                    }
                    else
                    {
                        if (theirs.TryGetValue(prefix + w.Local, out var id)) mapping[w.Local] = id;
                        summary.TasksAlreadyCopied++;
                    }
                }
                done += group.Count;
                progress?.Report(new StoreCopyProgress(tenant, "Tasks", done, tasks.Count));
            }
            return mapping;
        }

        private void CopyResults(TenantCopyPlan plan, Dictionary<int, int> taskIds, TipStoreCopySummary summary, IProgress<StoreCopyProgress>? progress, CancellationToken cancellationToken)
        {
            var tenant = plan.Tenant;
            var done = 0;
            progress?.Report(new StoreCopyProgress(tenant, "Results", 0, plan.Results));
            foreach (var page in _source.Results(tenant, ResultBatchSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rows = page.Select(p => (
                    RowKey: PostgresResultCache.RowKey(tenant, p.Result.Kind, p.Result.Indicator, CacheKey.ServiceOf(p.Result.Service)),
                    p.Result,
                    Body: p.Body ?? "",
                    // An answer whose task is not in the local file any more (or was never one) points at no task.
                    TaskId: taskIds.TryGetValue(p.Result.TaskId, out var teamTask) ? teamTask : 0)).ToList();
                var (copied, older, present) = _target.InTransaction(() =>
                {
                    var team = _writer.ReceivedAt(tenant, rows.Select(r => r.RowKey).ToList());
                    var write = new List<(string RowKey, TipLookupResult Result, string Body, int TaskId)>();
                    int skippedOlder = 0, alreadyPresent = 0;
                    foreach (var row in rows)
                    {
                        if (team.TryGetValue(row.RowKey, out var teamAt))
                        {
                            // PostgreSQL keeps microseconds; the local file keeps ticks.
                            var localAt = row.Result.ReceivedAt.UtcDateTime;
                            var difference = (localAt - teamAt).Ticks;
                            if (Math.Abs(difference) < 10)
                            {
                                alreadyPresent++;
                                continue;
                            }
                            if (difference < 0)
                            {
                                skippedOlder++;
                                continue;
                            }
                        }
                        write.Add(row);
                    }
                    _writer.PutResults(tenant, write, _user + "@" + _host);
                    return (write.Count, skippedOlder, alreadyPresent);
                });
                summary.ResultsCopied += copied;
                summary.ResultsSkippedAsOlder += older;
                summary.ResultsAlreadyPresent += present;
                done += rows.Count;
                progress?.Report(new StoreCopyProgress(tenant, "Results", done, Math.Max(done, plan.Results)));
            }
        }

        private void CopyLedger(TenantCopyPlan plan, string copyId, TipStoreCopySummary summary, IProgress<StoreCopyProgress>? progress, CancellationToken cancellationToken)
        {
            var tenant = plan.Tenant;
            var entries = _source.Ledger(tenant);
            progress?.Report(new StoreCopyProgress(tenant, "Ledger", 0, entries.Count));
            for (var i = 0; i < entries.Count; i += LedgerBatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = entries.Skip(i).Take(LedgerBatchSize).Select(e => (e, copyId + ":ledger:" + LedgerOrigin(e))).ToList();
                var added = _target.InTransaction(() => _writer.AddLedgerRows(tenant, batch, _user, _host));
                summary.LedgerRowsCopied += added;
                summary.LedgerRowsAlreadyCopied += batch.Count - added;
                progress?.Report(new StoreCopyProgress(tenant, "Ledger", Math.Min(entries.Count, i + LedgerBatchSize), entries.Count));
            }
        }

        /// <summary>The row's own id in the local file; rows from before ids (none known) fall back to their tenant sequence and time.</summary>
        private static string LedgerOrigin(LedgerEntry entry)
            => entry.Id != null ? entry.Id.ToString() : "seq:" + entry.Sequence + ":" + entry.Time.Ticks;

        /// <summary>42501 from a write the policies refused (or a table the role may not use): the tenant is not granted.</summary>
        private static bool IsRowSecurityRefusal(TipStorageException ex)
            => ex.InnerException is Npgsql.PostgresException pg && pg.SqlState == "42501";
    }
}
