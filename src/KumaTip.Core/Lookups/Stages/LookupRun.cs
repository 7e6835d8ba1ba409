using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using KumaTip.Core.Indicators;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Lookups.Stages
{
    /// <summary>
    /// What the stages of one batch share: its options, its task, its counters, why it stopped (set once) and the
    /// wake-up the ordered output waits on. The stages hold their own state; only what several of them read is here.
    /// </summary>
    internal sealed class LookupRun
    {
        private readonly ConcurrentQueue<LookupMessage> _messages = new ConcurrentQueue<LookupMessage>();
        private readonly Dictionary<TipIndicatorType, IReadOnlyList<string>> _sections = new Dictionary<TipIndicatorType, IReadOnlyList<string>>();
        private readonly SemaphoreSlim _changed = new SemaphoreSlim(0);
        private readonly TaskCompletionSource<bool> _taskDecided = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<bool> _workDrained = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _stopReason;
        private int _work = 1; // one for the dispatcher itself, released when it has sent everything on
        private TipStorageException? _storageFailure;

        // Counters for progress; written with Interlocked by whichever stage counts.
        internal int Rows, Taken, Cached, Requested, Failed, NotRequestedCount, Invalid, Unstored;

        public LookupRun(LookupService service, LookupOptions options, TipTask? restartOf, CancellationToken cancellationToken)
        {
            Service = service;
            Options = options;
            Task = restartOf;
            IsRestart = restartOf != null;
            if (IsRestart) _taskDecided.TrySetResult(true);
            Cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            UsesCache = !options.Force && !(restartOf != null && restartOf.Force);
        }

        public LookupService Service { get; }

        public LookupOptions Options { get; }

        public bool IsRestart { get; }

        /// <summary>False without the cache (-Force, Update-TipLookup, a restart of such a task).</summary>
        public bool UsesCache { get; }

        public CancellationTokenSource Cancel { get; }

        public CancellationToken Token => Cancel.Token;

        private volatile TipTask? _task;

        /// <summary>The task, created with the first item stored (a restart's from the start); null while there is none.</summary>
        public TipTask? Task
        {
            get => _task;
            set => _task = value;
        }

        public Task<bool> TaskDecided => _taskDecided.Task;

        public void DecideTask(bool hasTask) => _taskDecided.TrySetResult(hasTask);

        public volatile bool Finished;

        public int Disposed;

        public LookupStopReason StopReason => (LookupStopReason)Volatile.Read(ref _stopReason);

        public string? StopMessage { get; set; }

        public LookupError? Fatal { get; set; }

        public TipStorageException? StorageFailure => Volatile.Read(ref _storageFailure);

        public string? UnstoredReason;

        /// <summary>Called once when the batch stops (the request stage cancels the retries that wait).</summary>
        public Action? Stopped { get; set; }

        /// <summary>Sets why the batch stops; false when it had stopped already (the first reason stays).</summary>
        public bool SetStop(LookupStopReason reason, string message)
        {
            if (Interlocked.CompareExchange(ref _stopReason, (int)reason, (int)LookupStopReason.None) != (int)LookupStopReason.None) return false;
            StopMessage = message;
            Stopped?.Invoke();
            return true;
        }

        /// <summary>The store cannot take more: stop buying at once and end with this one error.</summary>
        public void FailStorage(TipStorageException problem)
        {
            if (Interlocked.CompareExchange(ref _storageFailure, problem, null) != null) return;
            Fatal ??= new LookupError("TipStorageFailed", LookupErrorCategory.WriteError, problem);
            SetStop(LookupStopReason.StorageFailed, problem.Message);
        }

        /// <summary>Stops buying when the data directory's disk is nearly full (see <see cref="StorageSpace"/>).</summary>
        public void CheckRoom()
        {
            if (StorageFailure != null) return;
            if (Service.Store.LocalDirectory is not { } directory) return;
            var low = StorageSpace.CheckRoom(directory, Service.StorageReserve);
            if (low != null) FailStorage(low);
        }

        public string TaskHint() => Task == null ? "" : " in task " + Task.Id + " (Restart-TipTask -Id " + Task.Id + " once the " + Service.StoreNoun + " takes writes again)";

        public bool TryTakeMessage(out LookupMessage message) => _messages.TryDequeue(out message!);

        /// <summary>A -Verbose line; kept only when the caller shows them, so a million-row batch queues nothing by default.</summary>
        public void Say(string text)
        {
            if (Options.Diagnostics) _messages.Enqueue(new LookupMessage(false, text));
        }

        public void SayDebug(string text)
        {
            if (Options.Diagnostics) _messages.Enqueue(new LookupMessage(true, text));
        }

        /// <summary>
        /// Whether a cached answer serves this run: every section asked for, enough records, young enough, and for a restart
        /// paid for since the task began (an older one is what made the item a miss).
        /// </summary>
        public bool Accepts(TipLookupResult hit) =>
            ResultCache.Satisfies(hit, SectionsFor(hit.Kind), Options.MaxRecords, Options.EffectiveMaxAge, Service.UtcNow)
            && (!IsRestart || hit.ReceivedAt >= Task!.Created);

        /// <summary>The wire sections for a type, resolved once per batch.</summary>
        public IReadOnlyList<string> SectionsFor(TipIndicatorType type)
        {
            lock (_sections)
            {
                if (!_sections.TryGetValue(type, out var sections))
                {
                    sections = Service.ResolveSections(type, Options.SectionNamesFor(type));
                    _sections[type] = sections;
                }
                return sections;
            }
        }

        public List<TipIndicatorType> TypesSeen()
        {
            lock (_sections) return new List<TipIndicatorType>(_sections.Keys);
        }

        /// <summary>Keys of answered entries, oldest first: the de-duplicate stage forgets these when it is over its bound.</summary>
        public ConcurrentQueue<string> CompletedKeys { get; } = new ConcurrentQueue<string>();

        // Callers signal once per batch: a wake-up per row would make the reader and the worker ping-pong.
        public void Complete(IndicatorEntry entry, LookupOutcome outcome, TipLookupResult? result, LookupError? error, string? reason, TipLookupResult? resultForLater = null)
        {
            entry.Complete(outcome, result, error, reason, resultForLater);
            CompletedKeys.Enqueue(entry.Key);
        }

        /// <summary>Answers an entry "not requested", saying why the batch stopped and how to continue.</summary>
        public void NotRequested(IndicatorEntry entry)
        {
            Interlocked.Increment(ref NotRequestedCount);
            var task = Task;
            var reason = StopReason switch
            {
                LookupStopReason.QuotaSpent => "Not requested: the day quota is spent." + (task != null ? " Restart-TipTask -Id " + task.Id + " requests it after the reset." : ""),
                LookupStopReason.Refused => "Not requested: " + StopMessage,
                LookupStopReason.CapReached => "Not requested: -MaxRequests " + Options.MaxRequests + " was reached." + (task != null ? " Restart-TipTask -Id " + task.Id + " requests it." : ""),
                LookupStopReason.StorageFailed => "Not requested: the data directory takes no more writes." + (task != null ? " Restart-TipTask -Id " + task.Id + " requests it once it does." : ""),
                LookupStopReason.Unreachable => "Not requested: the portal is not answering." + (task != null ? " Restart-TipTask -Id " + task.Id + " requests it once it does." : ""),
                _ => "Not requested: the lookup was stopped." + (task != null ? " Restart-TipTask -Id " + task.Id + " finishes it." : ""),
            };
            Complete(entry, LookupOutcome.NotRequested, null, null, reason);
            Signal();
        }

        /// <summary>Wakes the reader of the ordered output: something may be ready.</summary>
        public void Signal()
        {
            if (_changed.CurrentCount == 0) _changed.Release();
        }

        public bool WaitChanged(TimeSpan timeout, CancellationToken cancellationToken) => _changed.Wait(timeout, cancellationToken);

        public Task WaitChangedAsync(TimeSpan timeout, CancellationToken cancellationToken) => _changed.WaitAsync(timeout, cancellationToken);

        /// <summary>Lookups between dispatch and store (plus one for the dispatcher): the writer groups while more are coming.</summary>
        public int WorkInFlight => Volatile.Read(ref _work);

        public void BeginWork() => Interlocked.Increment(ref _work);

        public void WorkDone()
        {
            if (Interlocked.Decrement(ref _work) == 0) _workDrained.TrySetResult(true);
        }

        /// <summary>Completes when every dispatched lookup is stored (or handed out unstored).</summary>
        public Task WorkDrained => _workDrained.Task;
    }
}
