using System;
using System.Collections.Generic;
using System.Linq;
using KumaTip.Core.Indicators;
using KumaTip.Core.Storage;
using LiteDB;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// Tasks and their items in <see cref="TipDatabase.Tasks"/> / <see cref="TipDatabase.TaskItems"/>. Task ids come
    /// from the counters collection inside a transaction, so two processes never get the same id. Every change is a
    /// short transaction of its own or joins the caller's (the lookup writer's) — never one held across a request.
    /// </summary>
    public sealed class TaskStore : Stores.ITaskStore
    {
        /// <summary>A task on another machine whose heartbeat is older than this is taken as abandoned.</summary>
        public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(5);

        private const string TaskCounter = "tasks";

        private readonly TipDatabase _database;
        private readonly TimeProvider _time;

        public TaskStore(TipDatabase database, TimeProvider? time = null)
        {
            _database = database;
            _time = time ?? TimeProvider.System;
        }

        private ILiteCollection<BsonDocument> Tasks => _database.Db.GetCollection(TipDatabase.Tasks);

        private ILiteCollection<BsonDocument> Items => _database.Db.GetCollection(TipDatabase.TaskItems);

        private DateTime Now => _time.GetUtcNow().UtcDateTime;

        /// <summary>Creates a Running task owned by this process, with no items yet.</summary>
        public TipTask Create(LookupOptions options)
        {
            var now = Now;
            return _database.InTransaction(() =>
            {
                var counters = _database.Db.GetCollection(TipDatabase.Counters);
                var counter = counters.FindById(TaskCounter);
                var id = counter == null ? 1 : counter["Value"].AsInt32 + 1;
                counters.Upsert(new BsonDocument { ["_id"] = TaskCounter, ["Value"] = id });
                var task = new TipTask
                {
                    Id = id,
                    State = TipTaskStatus.Running,
                    CreatedBy = options.CreatedBy,
                    Created = now,
                    LastUpdate = now,
                    Tenant = options.Tenant,
                    Service = options.Service.ToString(),
                    Sections = options.Sections.ToArray(),
                    MaxRecords = options.MaxRecords ?? 0,
                    Force = options.Force,
                    MaxAge = options.MaxAge,
                    ProcessId = TaskOwner.Current.ProcessId,
                };
                var doc = TaskDocuments.ToDocument(task);
                TaskDocuments.SetOwner(doc, TaskOwner.Current, now);
                Tasks.Insert(doc);
                return task;
            });
        }

        /// <summary>A Running ThreatAnalysis task for one file, its hash the one pending item.</summary>
        public TipTask CreateAnalysis(string tenant, string createdBy, string fileName, TipIndicator hash)
        {
            var task = Create(new LookupOptions { Tenant = tenant, CreatedBy = createdBy, Service = Api.PortalService.OpenTip, MaxRecords = null });
            _database.InTransaction(() =>
            {
                var doc = Tasks.FindById(task.Id);
                doc["Type"] = TipTask.ThreatAnalysis;
                doc["FileName"] = fileName;
                Tasks.Update(doc);
            });
            AddItems(task.Id, new[] { hash }, received: 1);
            MarkInputComplete(task.Id, 1);
            return Get(task.Id)!;
        }

        /// <summary>The analysed file reached the service: from now on a restart polls instead of uploading.</summary>
        public void MarkUploaded(int taskId)
        {
            _database.InTransaction(() =>
            {
                var doc = Tasks.FindById(taskId) ?? throw new InvalidOperationException("Task " + taskId + " does not exist.");
                doc["Uploaded"] = true;
                doc["LastUpdate"] = Now.Ticks;
                doc["Heartbeat"] = Now.Ticks;
                Tasks.Update(doc);
            });
        }

        /// <summary>
        /// Adds pending items (one per indicator; an indicator already in the task is skipped) and notes how many input
        /// rows had reached the run by then (<paramref name="received"/>), so a run killed later can say what it saw.
        /// </summary>
        public void AddItems(int taskId, IReadOnlyCollection<TipIndicator> indicators, int received = 0)
        {
            if (indicators.Count == 0) return;
            var now = Now;
            _database.InTransaction(() =>
            {
                var added = 0;
                foreach (var indicator in indicators)
                {
                    var id = ItemId(taskId, indicator);
                    if (Items.FindById(id) != null) continue;
                    Items.Insert(new BsonDocument
                    {
                        ["_id"] = id,
                        ["Value"] = indicator.Value,
                        ["Type"] = indicator.Type.ToString(),
                        ["State"] = nameof(TaskItemState.Pending),
                        ["Updated"] = now.Ticks,
                    });
                    added++;
                }
                var task = Tasks.FindById(taskId) ?? throw new InvalidOperationException("Task " + taskId + " does not exist.");
                task["Total"] = task["Total"].AsInt32 + added;
                task["Pending"] = task["Pending"].AsInt32 + added;
                NoteReceived(task, received);
                task["LastUpdate"] = now.Ticks;
                task["Heartbeat"] = now.Ticks;
                Tasks.Update(task);
            });
        }

        /// <summary>
        /// Records the new state of items and adjusts the task's counters. Joins the caller's transaction (the lookup
        /// writer stores the answers in the same one); returns whether Stop-TipTask asked the task to stop.
        /// </summary>
        public bool RecordItems(int taskId, IEnumerable<(TipIndicator Indicator, TaskItemState State, string? Error)> changes)
        {
            var now = Now;
            var task = Tasks.FindById(taskId) ?? throw new InvalidOperationException("Task " + taskId + " does not exist.");
            var done = task["Done"].AsInt32;
            var failed = task["Failed"].AsInt32;
            var pending = task["Pending"].AsInt32;
            foreach (var change in changes)
            {
                var id = ItemId(taskId, change.Indicator);
                var item = Items.FindById(id);
                if (item == null) continue;
                var before = ParseState(item["State"].AsString);
                if (before == TaskItemState.Done) continue;
                Adjust(before, -1, ref done, ref failed, ref pending);
                Adjust(change.State, +1, ref done, ref failed, ref pending);
                item["State"] = change.State.ToString();
                item["Error"] = change.Error == null ? BsonValue.Null : new BsonValue(change.Error);
                item["Updated"] = now.Ticks;
                Items.Update(item);
            }
            task["Done"] = done;
            task["Failed"] = failed;
            task["Pending"] = pending;
            task["LastUpdate"] = now.Ticks;
            task["Heartbeat"] = now.Ticks;
            Tasks.Update(task);
            return task["StopRequested"].AsBoolean;
        }

        /// <summary>The run that created the task has seen the end of its input and recorded every row of it.</summary>
        public void MarkInputComplete(int taskId, int received)
        {
            _database.InTransaction(() =>
            {
                var task = Tasks.FindById(taskId);
                if (task == null) return;
                NoteReceived(task, received);
                task["InputComplete"] = true;
                Tasks.Update(task);
            });
        }

        /// <summary>Marks that the owner is alive (and how many input rows it has received); returns whether Stop-TipTask asked the task to stop.</summary>
        public bool Heartbeat(int taskId, int received = 0)
        {
            // Read and write in one transaction (one hold of the shared file's lock): a stop request another process
            // writes between a bare read and write would be overwritten with the old flag and lost.
            return _database.InTransaction(() =>
            {
                var task = Tasks.FindById(taskId);
                if (task == null) return false;
                task["Heartbeat"] = Now.Ticks;
                NoteReceived(task, received);
                Tasks.Update(task);
                return task["StopRequested"].AsBoolean;
            });
        }

        /// <summary>Ends a run: the final status, a message (quota, credentials), and no owner.</summary>
        public TipTask Finish(int taskId, TipTaskStatus status, string? message)
        {
            return _database.InTransaction(() =>
            {
                var doc = Tasks.FindById(taskId) ?? throw new InvalidOperationException("Task " + taskId + " does not exist.");
                doc["Status"] = status.ToString();
                doc["Message"] = message == null ? BsonValue.Null : new BsonValue(message);
                doc["LastUpdate"] = Now.Ticks;
                doc["StopRequested"] = false;
                doc["OwnerPid"] = BsonValue.Null;
                Tasks.Update(doc);
                return TaskDocuments.ToTask(doc, Now);
            });
        }

        /// <summary>
        /// Takes a task over for a restart. Refused (null, with the reason) when another live process is running it.
        /// </summary>
        public TipTask? TryClaim(int taskId, out string? refusal)
        {
            string? reason = null;
            var claimed = _database.InTransaction(() =>
            {
                var doc = Tasks.FindById(taskId);
                if (doc == null)
                {
                    reason = TaskQuery.NotFoundMessage(taskId, null);
                    return (TipTask?)null;
                }
                var task = TaskDocuments.ToTask(doc, Now);
                if (task.State == TipTaskStatus.Running && !task.Abandoned && !TaskDocuments.OwnerOf(doc)!.IsCurrentProcess)
                {
                    reason = "Task " + taskId + " is running in process " + task.ProcessId + ". Wait for it, or stop it with Stop-TipTask -Id " + taskId + ".";
                    return null;
                }
                // Owned by this process: only a leftover of a batch that is no longer running here may be taken over;
                // a live one (Invoke-TipLookup -AsJob) would run twice over the same pending items and buy them twice.
                if (task.State == TipTaskStatus.Running && RunningTasks.Find(_database.Path, taskId) != null)
                {
                    reason = "Task " + taskId + " is still running in this PowerShell session (a background job, for example). " +
                             "Wait for it (Receive-Job -Wait), or stop it with Stop-TipTask -Id " + taskId + " and then restart it.";
                    return null;
                }
                var now = Now;
                doc["Status"] = nameof(TipTaskStatus.Running);
                doc["StopRequested"] = false;
                doc["Message"] = BsonValue.Null;
                doc["LastUpdate"] = now.Ticks;
                TaskDocuments.SetOwner(doc, TaskOwner.Current, now);
                Tasks.Update(doc);
                return TaskDocuments.ToTask(doc, Now);
            });
            refusal = reason;
            return claimed;
        }

        /// <summary>Asks the process running the task to stop. An abandoned task is marked Cancelled at once.</summary>
        public TipTask? RequestStop(int taskId)
        {
            return _database.InTransaction(() =>
            {
                var doc = Tasks.FindById(taskId);
                if (doc == null) return null;
                var task = TaskDocuments.ToTask(doc, Now);
                if (task.State == TipTaskStatus.Running || task.State == TipTaskStatus.Queued || task.State == TipTaskStatus.Abandoned)
                {
                    if (task.Abandoned)
                    {
                        doc["Status"] = nameof(TipTaskStatus.Cancelled);
                        doc["OwnerPid"] = BsonValue.Null;
                    }
                    else
                    {
                        doc["StopRequested"] = true;
                    }
                    doc["LastUpdate"] = Now.Ticks;
                    Tasks.Update(doc);
                }
                return TaskDocuments.ToTask(doc, Now);
            });
        }

        public TipTask? Get(int taskId)
        {
            var doc = Tasks.FindById(taskId);
            return doc == null ? null : TaskDocuments.ToTask(doc, Now);
        }

        /// <summary>Every task, newest first.</summary>
        public IReadOnlyList<TipTask> List()
            => Tasks.FindAll().Select(d => TaskDocuments.ToTask(d, Now)).OrderByDescending(t => t.Id).ToList();

        /// <summary>The items of a task, read in one go.</summary>
        public IReadOnlyList<TaskItem> ItemsOf(int taskId)
        {
            var prefix = taskId + "|";
            return Items.Find(Query.StartsWith("_id", prefix)).Select(doc => new TaskItem(taskId,
                new TipIndicator(doc["Value"].AsString, (TipIndicatorType)Enum.Parse(typeof(TipIndicatorType), doc["Type"].AsString), doc["Value"].AsString),
                ParseState(doc["State"].AsString), doc["Error"].IsNull ? null : doc["Error"].AsString)).ToList();
        }

        private static string ItemId(int taskId, TipIndicator indicator) => taskId + "|" + indicator.Type + ":" + CacheKey.ValuePart(indicator.Value);

        private static void NoteReceived(BsonDocument task, int received)
        {
            if (received > (task["Received"].IsNumber ? task["Received"].AsInt32 : 0)) task["Received"] = received;
        }

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
