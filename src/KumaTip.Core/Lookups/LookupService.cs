using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using KumaTip.Core.Api;
using KumaTip.Core.Indicators;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// The lookup service every lookup cmdlet calls: streaming batches (<see cref="Start"/>), forecasts (-WhatIf),
    /// the task manager (list, receive, restart, stop) and the cache (get, clear). It owns the order of things:
    /// de-duplicate, cache first, task item stored before its request, answer stored before it is handed out.
    /// </summary>
    public sealed class LookupService
    {
        /// <summary>Rows a batch run by <see cref="RunAsync"/> keeps in hand at most (bounded memory for any input size).</summary>
        public const int Window = LookupFeed.Window;

        private readonly Func<LookupOptions, ITipClient> _clientFactory;
        private readonly Func<TipIndicatorType, IReadOnlyList<string>, IReadOnlyList<string>> _resolveSections;
        private readonly TimeProvider _time;

        /// <param name="database">The data directory's database.</param>
        /// <param name="clientFactory">Makes the client for a batch's tenant and throttle limit; called only when a request is needed. Its exception (no secret, disabled connection) stops the batch with its message.</param>
        /// <param name="portal">The endpoint, for the portal links of results.</param>
        /// <param name="ledger">Where spent requests and the latest LicenseInfo are booked.</param>
        /// <param name="time">The clock (cache ages, task times).</param>
        /// <param name="resolveSections">Turns the chosen section names into the wire list for a type (none = the type's full set).</param>
        public LookupService(TipDatabase database, Func<LookupOptions, ITipClient> clientFactory, Uri? portal = null, ILookupLedger? ledger = null,
            TimeProvider? time = null, Func<TipIndicatorType, IReadOnlyList<string>, IReadOnlyList<string>>? resolveSections = null)
            : this(new Stores.LiteDb.LiteDbLookupStore(database, time), clientFactory, portal, ledger, time, resolveSections)
        {
        }

        /// <param name="store">Where the cache, tasks and ledger live (the local file or the team store).</param>
        /// <param name="clientFactory">Makes the client for a batch's tenant and throttle limit; called only when a request is needed.</param>
        /// <param name="portal">The endpoint, for the portal links of results.</param>
        /// <param name="ledger">Where spent requests and the latest LicenseInfo are booked.</param>
        /// <param name="time">The clock (cache ages, task times).</param>
        /// <param name="resolveSections">Turns the chosen section names into the wire list for a type (none = the type's full set).</param>
        public LookupService(Stores.ILookupStore store, Func<LookupOptions, ITipClient> clientFactory, Uri? portal = null, ILookupLedger? ledger = null,
            TimeProvider? time = null, Func<TipIndicatorType, IReadOnlyList<string>, IReadOnlyList<string>>? resolveSections = null)
        {
            Store = store;
            _clientFactory = clientFactory;
            Portal = portal ?? TipConnectionOptions.DefaultEndpoint;
            Ledger = ledger;
            _time = time ?? TimeProvider.System;
            _resolveSections = resolveSections ?? SectionNames.ForType;
        }

        /// <summary>Where the cache, tasks and ledger live.</summary>
        public Stores.ILookupStore Store { get; }

        /// <summary>What the store is called in messages: "KumaTip's data directory '…'" or "KumaTip's team store '…' on …".</summary>
        internal string StoreName => Store.LocalDirectory is { } directory ? "KumaTip's data directory '" + directory + "'" : "KumaTip's " + Store.Location;

        /// <summary>The store's short name in advice: "data directory" or "team store".</summary>
        internal string StoreNoun => Store.LocalDirectory != null ? "data directory" : "team store";

        /// <summary>For <see cref="TipStorageException.Directory"/>: the data directory, or the team store's description.</summary>
        internal string StorePlace => Store.LocalDirectory ?? Store.Location;

        /// <summary>The local database when the store is the LiteDB file; null on the team store.</summary>
        public TipDatabase? Database => (Store as Stores.LiteDb.LiteDbLookupStore)?.Database;

        public Stores.IResultCache Cache => Store.Cache;

        public Stores.ITaskStore Tasks => Store.Tasks;

        internal ILookupLedger? Ledger { get; }

        internal Uri Portal { get; }

        internal DateTime UtcNow => _time.GetUtcNow().UtcDateTime;

        /// <summary>Starts a streaming batch: add rows, take outputs in input order, complete.</summary>
        public LookupSession Start(LookupOptions options, CancellationToken cancellationToken = default)
            => new LookupSession(this, options, null, cancellationToken);

        /// <summary>
        /// Runs a whole batch: reads <paramref name="rows"/> lazily (never more than <see cref="Window"/> in hand) and
        /// hands each output to <paramref name="onOutput"/> in input order. Returns the finished session (task, stop reason).
        /// </summary>
        /// <param name="rows">The input, read lazily.</param>
        /// <param name="options">What to ask for.</param>
        /// <param name="onOutput">Receives each row's output, in input order.</param>
        /// <param name="cancellationToken">Ctrl+C / Stop-Job: in-flight requests are cancelled and the task is left Cancelled.</param>
        /// <param name="started">Receives the session as soon as it exists (a job shows its task id while it runs).</param>
        public Task<LookupSession> RunAsync(IEnumerable<LookupRequest> rows, LookupOptions options, Action<LookupOutput> onOutput, CancellationToken cancellationToken = default,
            Action<LookupSession>? started = null)
        {
            var session = Start(options, cancellationToken);
            started?.Invoke(session);
            return FeedAsync(session, rows, onOutput, cancellationToken);
        }

        /// <summary>Runs <see cref="LookupFeed"/> on a thread of its own (its waits block); the session is disposed when it fails.</summary>
        private static Task<LookupSession> FeedAsync(LookupSession session, IEnumerable<LookupRequest> rows, Action<LookupOutput> onOutput, CancellationToken cancellationToken)
            => Task.Factory.StartNew(() =>
            {
                try
                {
                    new LookupFeed(session, onOutput, cancellationToken).Run(rows);
                    return session;
                }
                catch
                {
                    session.Dispose();
                    throw;
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        /// <summary>What a batch would spend: unique indicators, how many the cache answers, how many would be requested. No request.</summary>
        public LookupForecast Forecast(IEnumerable<LookupRequest> rows, LookupOptions options)
        {
            var forecaster = StartForecast(options);
            foreach (var row in rows) forecaster.Add(row);
            return forecaster.Finish();
        }

        /// <summary>A forecast fed row by row (-WhatIf on a pipeline): only the distinct keys are kept.</summary>
        public LookupForecaster StartForecast(LookupOptions options) => new LookupForecaster(this, options);

        /// <summary>
        /// Finishes what a task did not: requests its pending and failed items (never a done one), or marks them done
        /// from the cache when another batch paid for them since. Refused while another live process runs the task.
        /// </summary>
        /// <param name="taskId">The task to finish.</param>
        /// <param name="throttleLimit">Requests at once; null = 4.</param>
        /// <param name="onOutput">Receives each item's outcome, in item order.</param>
        /// <param name="cancellationToken">Ctrl+C: in-flight requests are cancelled and the task is left Cancelled.</param>
        /// <param name="tenantOptions">The tenant's current options (endpoint for portal links, ThrottleLimit); null = the service's defaults.</param>
        /// <param name="maxRequests">At most this many requests in this run (-MaxRequests); the rest stays pending.</param>
        /// <param name="started">Receives the session before its first item goes in (to listen to its retries).</param>
        /// <exception cref="InvalidOperationException">No such task, or it is running elsewhere (the message says what to do).</exception>
        public async Task<LookupSession> RestartAsync(int taskId, int? throttleLimit, Action<TaskItem, LookupOutput>? onOutput, CancellationToken cancellationToken = default,
            Func<string, LookupOptions>? tenantOptions = null, int? maxRequests = null, Action<LookupSession>? started = null)
        {
            // The tenant's settings are read before the claim, so a failure there leaves the task as it was.
            var known = GetTask(taskId);
            var tenant = known != null ? tenantOptions?.Invoke(known.Tenant) : null;
            if (known != null && tenant != null && CacheKey.ServiceOf(known.Service) != tenant.Service)
            {
                // The client goes to the tenant's service now; the task's answers belong to the other one.
                throw new InvalidOperationException(
                    $"Task {taskId} buys from {known.Service}, but tenant '{known.Tenant}' now uses {tenant.Service}; nothing was sent. "
                    + $"Finish it after Set-TipSettings -Tenant '{known.Tenant}' -Service {known.Service}, or look the indicators up again on {tenant.Service}.");
            }

            var task = WithDatabase(() => Tasks.TryClaim(taskId, out var refusal) ?? throw new InvalidOperationException(refusal));
            var options = new LookupOptions
            {
                Tenant = task.Tenant,
                Service = CacheKey.ServiceOf(task.Service),
                Sections = task.Sections,
                MaxRecords = task.MaxRecords == 0 ? (int?)null : task.MaxRecords,
                MaxAge = task.MaxAge,
                CacheTtl = task.MaxAge,
                Force = task.Force,
                ThrottleLimit = throttleLimit ?? tenant?.ThrottleLimit ?? 4,
                CreatedBy = task.CreatedBy,
                Portal = tenant?.Portal,
                MaxRequests = maxRequests,
            };
            var unfinished = WithDatabase(() => Tasks.ItemsOf(taskId)).Where(i => i.State != TaskItemState.Done).ToList();
            var session = new LookupSession(this, options, task, cancellationToken);
            try
            {
                started?.Invoke(session);
            }
            catch
            {
                session.Dispose();
                throw;
            }
            var rows = unfinished.Select(item => new LookupRequest(item.Indicator, item));
            return await FeedAsync(session, rows, output => onOutput?.Invoke((TaskItem)output.Request.Row!, output), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Cancels a running task: at once when this process runs it, else by a flag its process reads within a second or so.</summary>
        public TipTask? Stop(int taskId)
        {
            var local = RunningTasks.Find(Store.Identity, taskId);
            if (local != null)
            {
                local.Cancel();
                try { local.Completion.Wait(TimeSpan.FromSeconds(30)); }
                catch (AggregateException) { }
                return WithDatabase(() => Tasks.Get(taskId));
            }
            return WithDatabase(() => Tasks.RequestStop(taskId));
        }

        public TipTask? GetTask(int taskId) => WithDatabase(() => Tasks.Get(taskId));

        /// <summary>Every task, newest first.</summary>
        public IReadOnlyList<TipTask> GetTasks() => WithDatabase(() => Tasks.List());

        /// <summary>A task's items with the cached answer of each done one (null when it was cleared from the cache since).</summary>
        public IReadOnlyList<(TaskItem Item, TipLookupResult? Result)> Receive(int taskId)
        {
            var task = GetTask(taskId) ?? throw new InvalidOperationException(TaskQuery.NotFoundMessage(taskId, null));
            var items = WithDatabase(() => Tasks.ItemsOf(taskId));
            var service = CacheKey.ServiceOf(task.Service);
            var cached = WithDatabase(() => Cache.FindMany(task.Tenant, items.Where(i => i.State == TaskItemState.Done).Select(i => i.Indicator), service));
            return items.Select(i => (i, i.State == TaskItemState.Done && cached.TryGetValue(CacheKey.For(task.Tenant, i.Indicator, service), out var r) ? r : null)).ToList();
        }

        /// <summary>Cached answers of a tenant (never a request), filtered; bodies load on demand.</summary>
        public IEnumerable<TipLookupResult> GetCached(string tenant, Func<TipLookupResult, bool>? filter = null)
        {
            tenant = Tenants.Normalize(tenant);
            // Pages are read under the lock; the caller's pipeline runs between them.
            using var pages = Cache.Query(tenant, filter).GetEnumerator();
            while (true)
            {
                TipLookupResult? next = null;
                var more = WithDatabase(() =>
                {
                    if (!pages.MoveNext()) return false;
                    next = pages.Current;
                    return true;
                });
                if (!more) yield break;
                yield return next!;
            }
        }

        /// <summary>Drops cached answers of a tenant that <paramref name="filter"/> selects; returns how many.</summary>
        public int ClearCache(string tenant, Func<TipLookupResult, bool> filter) => WithDatabase(() => Cache.Remove(Tenants.Normalize(tenant), filter));

        internal ITipClient CreateClient(LookupOptions options) => _clientFactory(options);

        /// <summary>
        /// The quota reservations a batch of <paramref name="tenant"/> shares with every process on this data directory;
        /// null when the ledger is not the data directory's own (a test's), so the budget is this process's alone.
        /// </summary>
        internal SharedQuota? SharedQuotaFor(string tenant) => Ledger is WorkspaceLedger ledger ? new SharedQuota(this, ledger, tenant) : null;

        internal IReadOnlyList<string> ResolveSections(TipIndicatorType type, IReadOnlyList<string> names) => _resolveSections(type, names);

        /// <summary>
        /// Runs database work on one thread at a time: shared-mode LiteDB takes a named mutex per operation and
        /// transaction, and a mutex belongs to the thread that took it, so no await may happen inside.
        /// </summary>
        internal T WithDatabase<T>(Func<T> work)
        {
            // Bounded: a write stuck inside LiteDB holds this lock for ever, and nothing else may wait for ever behind it.
            var gate = Store.SyncRoot;
            if (!Monitor.TryEnter(gate, StorageTimeout))
            {
                if (Store.LocalDirectory is { } directory)
                {
                    throw new TipStorageException(directory, TipStorageProblem.WriteHung,
                        "KumaTip's data file in '" + directory + "' is busy or damaged: another operation on it has not finished within " +
                        StorageTimeout.TotalSeconds + " s. Close other KumaTip sessions or free disk space, then try again.");
                }
                throw new TipStorageException(Store.Location, TipStorageProblem.WriteHung,
                    "KumaTip's " + Store.Location + " did not finish an operation within " + StorageTimeout.TotalSeconds +
                    " s. Check that the server is up and reachable, then try again.");
            }
            try
            {
                return work();
            }
            finally
            {
                Monitor.Exit(gate);
            }
        }

        internal void WithDatabase(Action work) => WithDatabase(() =>
        {
            work();
            return true;
        });

        /// <summary>How long a database operation may take before the lookup gives it up (a full disk, a stuck file).</summary>
        internal TimeSpan StorageTimeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>Free space below which no more answers are bought (<see cref="StorageSpace.Reserve"/>); tests change it.</summary>
        internal long StorageReserve { get; set; } = StorageSpace.Reserve;

        /// <summary>Runs inside each answer-writing transaction; tests make it hang or fail as LiteDB does on a full disk.</summary>
        internal Action? BeforeWriteForTests { get; set; }
    }
}
