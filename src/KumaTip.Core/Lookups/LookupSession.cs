using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using KumaTip.Core.Api;
using KumaTip.Core.Indicators;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// One streaming lookup batch. Rows go in with <see cref="Add"/> (any pace); each gets exactly one
    /// <see cref="LookupOutput"/>, taken in input order with <see cref="TryTake"/> as soon as it and every row before it
    /// are ready. Behind it: parse → de-duplicate → cache → task item (stored before the request) → request
    /// (at most ThrottleLimit at once) → answer and item state stored in one transaction → output.
    /// <para>
    /// Threads: the caller adds and takes on its own thread; one worker thread (not a pool thread: it blocks on the
    /// database and on free slots) reads the inbox in batches (so a burst of cached rows costs one database transaction,
    /// not one each) and sends each request the moment a slot frees; request tasks give their throttle slot back as soon
    /// as the answer arrives, and one writer stores finished answers in groups (so storage never holds a slot).
    /// </para>
    /// </summary>
    public sealed class LookupSession : IDisposable
    {
        private const int BatchSize = 2000;
        private static readonly TimeSpan GroupWait = TimeSpan.FromMilliseconds(20);

        private readonly LookupService _service;
        private readonly LookupOptions _options;
        private readonly CancellationTokenSource _cancel;
        private readonly SemaphoreSlim _throttle;
        private readonly ConcurrentQueue<Slot> _inbox = new ConcurrentQueue<Slot>();
        private readonly SemaphoreSlim _inboxSignal = new SemaphoreSlim(0);
        // A plain queue under a lock, not a ConcurrentQueue: peeking a ConcurrentQueue pins its segment, so every row
        // taken would stay referenced (and its segment would keep doubling) until the segment is dropped.
        private readonly Queue<Slot> _ordered = new Queue<Slot>();
        private readonly SemaphoreSlim _changed = new SemaphoreSlim(0);
        private readonly Dictionary<string, Entry> _entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        // Raw values the worker has already parsed, by exact spelling: a repeated row is attached to its entry in Add,
        // without a trip through the worker, so it is answered (and can be taken) at once. Bounded like _entries.
        private readonly Dictionary<string, Entry> _byValue = new Dictionary<string, Entry>(StringComparer.Ordinal);
        private readonly ConcurrentQueue<string> _completedKeys = new ConcurrentQueue<string>();
        private readonly ConcurrentQueue<Written> _writes = new ConcurrentQueue<Written>();
        private readonly SemaphoreSlim _writeSignal = new SemaphoreSlim(0);
        private readonly Dictionary<TipIndicatorType, IReadOnlyList<string>> _sections = new Dictionary<TipIndicatorType, IReadOnlyList<string>>();
        private readonly TaskCompletionSource<bool> _workDrained = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly bool _restart;
        private readonly ConcurrentDictionary<string, CancellationTokenSource> _inFlight = new ConcurrentDictionary<string, CancellationTokenSource>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, CancellationTokenSource> _waitingRetry = new ConcurrentDictionary<string, CancellationTokenSource>(StringComparer.Ordinal);
        // Without the cache (-Force, Update-TipLookup) a forgotten duplicate would be bought again: the keys requested
        // so far are kept (strings only, a fraction of an entry) so a late duplicate is answered from this batch's own answer.
        private readonly HashSet<string>? _requestedKeys;
        private readonly Task _worker;
        private readonly Task _writer;

        private ITipClient? _client;
        private TipTask? _task;
        private int _work = 1; // one for the worker itself, released when it has dispatched everything
        private int _rows;
        private int _taken;
        private int _cached;
        private int _requested;
        private int _failed;
        private int _notRequested;
        private int _invalid;
        private readonly object _inboxGate = new object();
        private bool _inboxClosed; // the worker has stopped reading the inbox (after a stop); guarded by _inboxGate
        private volatile bool _completed;
        private volatile bool _finished;
        private int _stopReason;
        private string? _stopMessage;
        private LookupError? _fatal;
        private int _unstored;
        private string? _unstoredReason;
        private Exception? _crash;
        private int _disposed;
        private TipStorageException? _storageFailure;
        private volatile bool _writerHung; // a write never returned: the writer thread is given up, answers go out unstored
        private long _writeStarted; // ticks (UTC) when the current write group began; 0 when none runs
        private List<Written>? _writing; // the group being written; whoever takes it (writer or watchdog) hands it out
        private readonly object _abandonGate = new object();

        internal LookupSession(LookupService service, LookupOptions options, TipTask? restartOf, CancellationToken cancellationToken)
        {
            _service = service;
            _options = options;
            _task = restartOf;
            _restart = restartOf != null;
            if (_restart) _taskDecided.TrySetResult(true);
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _throttle = new SemaphoreSlim(Math.Max(1, options.ThrottleLimit));
            if (options.Force || (restartOf != null && restartOf.Force)) _requestedKeys = new HashSet<string>(StringComparer.Ordinal);
            // A cancellation after the batch finished changes nothing: it ended as it ended.
            _cancel.Token.Register(() =>
            {
                if (!_finished) SetStop(LookupStopReason.Cancelled, "The lookup was stopped.");
            });
            // Its own thread: a group commit blocks for a while (file lock, fsync) and must not hold a pool thread that the
            // requests' continuations need.
            _writer = System.Threading.Tasks.Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            // Its own thread too: it reads the cache and stores task items (blocking LiteDB calls), and it must send the
            // next request the moment a slot frees instead of queueing behind the answers' continuations on the pool.
            _worker = System.Threading.Tasks.Task.Factory.StartNew(WorkLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            if (_task != null) RunningTasks.Register(service.Database.Path, _task.Id, this);
            _ = System.Threading.Tasks.Task.Run(PollStopAsync);
            _ = System.Threading.Tasks.Task.Run(WatchWritesAsync);
        }


        /// <summary>How many answered indicators are remembered for duplicates (bounded memory); tests make it small.</summary>
        internal int RememberedKeys { get; set; } = 10000;

        /// <summary>The task this batch runs (created at the first indicator the cache could not answer); null while there is none.</summary>
        public TipTask? Task => _task;

        /// <summary>Rows added and not yet taken: a caller keeps this bounded by taking while it adds.</summary>
        public int Outstanding => Volatile.Read(ref _rows) - Volatile.Read(ref _taken);

        /// <summary>True when every row was added, processed and taken, and the task record is final.</summary>
        public bool IsFinished
        {
            get
            {
                if (!_finished) return false;
                lock (_ordered) return _ordered.Count == 0;
            }
        }

        public LookupStopReason StopReason => (LookupStopReason)Volatile.Read(ref _stopReason);

        /// <summary>For QuotaSpent: what is left and how to continue; for Refused: the portal's reason.</summary>
        public string? StopMessage => _stopMessage;

        /// <summary>The one error that stopped the batch (credentials, certificate, settings, a portal that stopped answering); written once, not per row.</summary>
        public LookupError? FatalError => _fatal;

        /// <summary>
        /// Raised before each retry of a request with what failed and the wait (for -Verbose). Raised on a pool thread:
        /// handlers must be quick, must not throw, and must leave writing to the pipeline thread.
        /// </summary>
        public event EventHandler<TipRetryEventArgs>? Retrying;

        /// <summary>Answers handed out although they could not be stored (the cache write kept failing); their items stay pending.</summary>
        public int UnstoredResults => Volatile.Read(ref _unstored);

        /// <summary>The warning to show when <see cref="UnstoredResults"/> is not 0; null otherwise.</summary>
        // Created with the client, from the ledger's view of today's quota; a restart of the same session type too.
        private QuotaBudget? _budget;

        private readonly ConcurrentQueue<LookupMessage> _messages = new ConcurrentQueue<LookupMessage>();

        /// <summary>
        /// Verbose and Debug lines waiting for the pipeline thread. Only kept when <see cref="LookupOptions.Diagnostics"/>
        /// is set (the caller asked for -Verbose or -Debug), so a batch of a million rows queues nothing by default.
        /// </summary>
        public bool TryTakeMessage(out LookupMessage message) => _messages.TryDequeue(out message!);

        private void Say(string text)
        {
            if (_options.Diagnostics) _messages.Enqueue(new LookupMessage(false, text));
        }

        private void SayDebug(string text)
        {
            if (_options.Diagnostics) _messages.Enqueue(new LookupMessage(true, text));
        }

        /// <summary>The tenant the batch runs for: the target of a batch error that came before any task existed.</summary>
        public string Tenant => _options.Tenant;

        private readonly TaskCompletionSource<bool> _taskDecided = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>
        /// Completes once the batch has its task (true) or has gone through its input without needing one (false: all
        /// cached, invalid or stopped first); an -AsJob job waits for it so that its TaskId is set when it is returned.
        /// </summary>
        public Task<bool> TaskDecided => _taskDecided.Task;

        /// <summary>Named sections that no indicator of the batch could take (they were not requested); null when none.</summary>
        public string? NotApplicableSectionsMessage
        {
            get
            {
                if (_options.SectionsByType != null) return null; // a restart or update asks each type for its own
                lock (_sections) return SectionNames.NotApplicableMessage(_options.Sections, new List<TipIndicatorType>(_sections.Keys));
            }
        }

        public string? UnstoredMessage => UnstoredResults == 0 ? null
            : UnstoredResults + " answer(s) were received and returned but could not be stored in the cache (" + _unstoredReason + "); they are not cached and their items stay pending" +
              (_task != null ? " in task " + _task.Id + " (Restart-TipTask -Id " + _task.Id + " asks again)." : ".");

        public LookupProgress Progress => new LookupProgress
        {
            Rows = Volatile.Read(ref _rows),
            Completed = Volatile.Read(ref _taken),
            Cached = Volatile.Read(ref _cached),
            Requested = Volatile.Read(ref _requested),
            Failed = Volatile.Read(ref _failed),
            NotRequested = Volatile.Read(ref _notRequested),
            Invalid = Volatile.Read(ref _invalid),
        };

        /// <summary>Queues one row. Never blocks; see <see cref="Outstanding"/>.</summary>
        public void Add(LookupRequest request)
        {
            if (_completed) throw new InvalidOperationException("The batch is complete; no rows can be added.");
            var slot = new Slot(request);
            Interlocked.Increment(ref _rows);
            lock (_ordered) _ordered.Enqueue(slot);
            if (request.Indicator == null && request.Value != null)
            {
                Entry? known;
                lock (_byValue) _byValue.TryGetValue(request.Value, out known);
                if (known != null)
                {
                    known.Attach(slot);
                    return;
                }
            }
            lock (_inboxGate)
            {
                if (!_inboxClosed)
                {
                    _inbox.Enqueue(slot);
                    // One pending wake-up is enough: the worker drains everything queued when it wakes.
                    if (_inboxSignal.CurrentCount == 0) _inboxSignal.Release();
                    return;
                }
            }
            // Stopped and the worker is gone: answer here, or the caller would wait for this row forever.
            AnswerAfterStop(slot);
        }

        /// <summary>A row added after the worker stopped: the answer it already has, the cache's, or "not requested".</summary>
        private void AnswerAfterStop(Slot slot)
        {
            lock (_entries) AnswerAfterStopLocked(slot);
        }

        private void AnswerAfterStopLocked(Slot slot)
        {
            if (!TryResolve(slot, out var indicator)) return;
            // The worker no longer touches _entries once the inbox is closed; the lock keeps late adders apart.
            if (_entries.TryGetValue(indicator.Key, out var known) && known.IsComplete)
            {
                known.Attach(slot);
                Signal();
                return;
            }
            var entry = new Entry(indicator, indicator.Key);
            entry.Attach(slot);
            _entries[entry.Key] = entry;
            TipLookupResult? hit = null;
            if (!_options.Force && !(_restart && _task!.Force))
            {
                try
                {
                    hit = _service.WithDatabase(() => _service.Cache.Find(_options.Tenant, indicator));
                }
                catch (Exception ex) when (!(ex is OutOfMemoryException))
                {
                    hit = null; // a busy file: the row is simply not answered from the cache
                }
            }
            if (hit != null && ResultCache.Satisfies(hit, SectionsFor(indicator.Kind), _options.MaxRecords, _options.EffectiveMaxAge, _service.UtcNow))
            {
                Interlocked.Increment(ref _cached);
                entry.Complete(LookupOutcome.Result, hit, null, null);
                Signal();
                return;
            }
            NotRequested(entry);
        }

        /// <summary>No more rows will come.</summary>
        public void Complete()
        {
            _completed = true;
            _inboxSignal.Release();
        }

        /// <summary>The next output in input order, when it is ready.</summary>
        public bool TryTake(out LookupOutput output)
        {
            lock (_ordered)
            {
                if (_ordered.Count > 0 && _ordered.Peek().Output != null)
                {
                    output = _ordered.Dequeue().Output!;
                    Interlocked.Increment(ref _taken);
                    return true;
                }
            }
            if (_crash != null && _finished) throw new InvalidOperationException("The lookup failed: " + _crash.Message, _crash);
            output = null!;
            return false;
        }

        /// <summary>Waits until something may be ready to take (or <paramref name="timeout"/> passes). Throws when cancelled.</summary>
        public void WaitForOutput(TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (HeadReady) return;
            if (IsFinished) return;
            _changed.Wait(timeout, cancellationToken);
        }

        /// <summary>The async form of <see cref="WaitForOutput"/>.</summary>
        public Task WaitForOutputAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (HeadReady) return System.Threading.Tasks.Task.CompletedTask;
            if (IsFinished) return System.Threading.Tasks.Task.CompletedTask;
            return _changed.WaitAsync(timeout, cancellationToken);
        }

        private bool HeadReady
        {
            get
            {
                lock (_ordered) return _ordered.Count > 0 && _ordered.Peek().Output != null;
            }
        }

        /// <summary>
        /// Stops requesting (Stop-TipTask, Stop-Job): in-flight requests are cancelled, their items stay pending.
        /// A batch that is already over (or disposed) has nothing to stop: its stop reason stays as it ended.
        /// </summary>
        public void Cancel()
        {
            // A stop may find this session (RunningTasks, a job) just as it ends and its owner disposes it.
            if (_finished || Volatile.Read(ref _disposed) != 0) return;
            SetStop(LookupStopReason.Cancelled, "The task was stopped.");
            try
            {
                _cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Disposed between the check and here: the batch is over.
            }
        }

        /// <summary>Completes when the batch is over and the task record final (outputs may still wait to be taken).</summary>
        public Task Completion => _worker;

        /// <summary>Stops the batch if it still runs, waits for it, and releases its cancellation source (unlinking it from the caller's token). Safe to call twice.</summary>
        public void Dispose()
        {
            if (Volatile.Read(ref _disposed) != 0) return;
            if (!_finished) Cancel();
            try { _worker.Wait(TimeSpan.FromSeconds(30)); }
            catch (AggregateException) { }
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            // A worker still stuck after the wait (a write waiting on another process's lock) reads the token yet:
            // its source goes when the worker does, not under it.
            if (_worker.IsCompleted) _cancel.Dispose();
            else _worker.ContinueWith(_ => _cancel.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        private void WorkLoop()
        {
            try
            {
                var batch = new List<Slot>(BatchSize);
                while (true)
                {
                    try
                    {
                        // Rows left over from a full batch need no wake-up; otherwise wait for Add or Complete.
                        if (_inbox.IsEmpty) _inboxSignal.Wait(_cancel.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        // Stopped: every row still queued is answered "not requested".
                    }
                    batch.Clear();
                    while (batch.Count < BatchSize && _inbox.TryDequeue(out var slot)) batch.Add(slot);
                    if (batch.Count == 0)
                    {
                        if (_completed && _inbox.IsEmpty)
                        {
                            MarkInputRecorded();
                            break;
                        }
                        if (_cancel.IsCancellationRequested)
                        {
                            // Stopped: rows may still arrive (Stop-TipTask does not stop the pipeline feeding us); from now
                            // on Add answers them itself, so the batch can finish instead of waiting for them forever.
                            lock (_inboxGate)
                            {
                                if (!_inbox.IsEmpty) continue;
                                _inboxClosed = true;
                            }
                            break;
                        }
                        continue;
                    }
                    ProcessBatch(batch);
                }
                WorkDone();
                _workDrained.Task.GetAwaiter().GetResult();
                // A hung writer holds the database: the task stays as it is and shows Abandoned once this process ends.
                if (!_writerHung)
                {
                    try
                    {
                        Finish();
                    }
                    catch (Exception ex) when (_storageFailure != null && !(ex is OutOfMemoryException))
                    {
                        // The store took no more writes: the task keeps its last state; the storage error says why.
                    }
                }
            }
            catch (Exception ex)
            {
                _crash = ex;
                FailEverything(ex);
            }
            finally
            {
                _taskDecided.TrySetResult(false);
                // However the worker ended (a crash too), rows that still come are answered by Add from now on.
                lock (_inboxGate) _inboxClosed = true;
                while (_inbox.TryDequeue(out var left))
                {
                    if (left.Output == null) AnswerAfterStop(left);
                }
                _writes.Enqueue(Written.EndOfWrites);
                _writeSignal.Release();
                if (!_writerHung)
                {
                    try { _writer.GetAwaiter().GetResult(); } catch (Exception ex) { _crash ??= ex; }
                }
                if (_task != null) RunningTasks.Remove(_service.Database.Path, _task.Id);
                _client?.Dispose();
                _finished = true;
                Signal();
            }
        }

        /// <summary>
        /// The slot's indicator, parsed here when the caller passed a raw value. A value that is not an indicator
        /// completes its slot at once with an InvalidIndicator error and returns false.
        /// </summary>
        private bool TryResolve(Slot slot, out TipIndicator indicator)
        {
            if (slot.Request.Indicator != null)
            {
                indicator = slot.Request.Indicator;
                slot.Indicator = indicator;
                return true;
            }
            var parsed = IndicatorParser.Parse(slot.Request.Value, "pipeline");
            if (parsed.Success)
            {
                indicator = parsed.Indicator!;
                slot.Indicator = indicator;
                return true;
            }
            Interlocked.Increment(ref _invalid);
            var error = new LookupError("InvalidIndicator", LookupErrorCategory.InvalidArgument, new ArgumentException(parsed.Error));
            slot.Output = new LookupOutput(slot.Request, LookupOutcome.Error, null, error, parsed.Error);
            Signal();
            indicator = null!;
            return false;
        }

        private void ProcessBatch(List<Slot> batch)
        {
            EvictRemembered();
            var toCheck = new List<Entry>();
            foreach (var slot in batch)
            {
                if (!TryResolve(slot, out var indicator)) continue;
                var key = indicator.Key;
                if (!_entries.TryGetValue(key, out var entry))
                {
                    entry = new Entry(indicator, key);
                    _entries[key] = entry;
                    toCheck.Add(entry);
                }
                entry.Attach(slot);
                if (slot.Request.Indicator == null) RememberValue(slot.Request.Value!, entry);
            }
            Signal();
            if (toCheck.Count == 0)
            {
                Signal();
                return;
            }

            if (_writerHung)
            {
                // The database is held by a write that never returned: nothing can be read or recorded any more.
                foreach (var entry in toCheck) NotRequested(entry);
                return;
            }
            var misses = toCheck;
            var cacheUsed = !_options.Force && !(_restart && _task!.Force);
            if (!cacheUsed) misses = AnswerForgottenDuplicates(toCheck);
            if (cacheUsed)
            {
                misses = new List<Entry>();
                var now = _service.UtcNow;
                var cached = ReadCache(toCheck);
                var hitsForTask = new List<Written>();
                foreach (var entry in toCheck)
                {
                    if (cached.TryGetValue(CacheKey.For(_options.Tenant, entry.Indicator), out var hit)
                        && ResultCache.Satisfies(hit, SectionsFor(entry.Indicator.Kind), _options.MaxRecords, _options.EffectiveMaxAge, now)
                        // A restart takes only answers paid for since the task began: an older one is what made the item a miss.
                        && (!_restart || hit.ReceivedAt >= _task!.Created))
                    {
                        Interlocked.Increment(ref _cached);
                        Say(entry.Indicator.Value + ": from the cache (received " + hit.ReceivedAt.ToString("u") + ").");
                        if (_restart)
                        {
                            // Someone paid for it since: the item is done without a request.
                            Interlocked.Increment(ref _work);
                            hitsForTask.Add(new Written(entry, hit, null, null, null, fromCache: true));
                        }
                        else
                        {
                            Complete(entry, LookupOutcome.Result, hit, null, null);
                        }
                    }
                    else
                    {
                        misses.Add(entry);
                    }
                }
                foreach (var hit in hitsForTask) EnqueueWrite(hit);
                Signal();
            }
            if (misses.Count == 0) return;

            if (StopReason == LookupStopReason.None && _client == null)
            {
                try
                {
                    _client = _service.CreateClient(_options);
                    var today = _service.WithDatabase(() => _service.Ledger?.QuotaToday(_options.Tenant));
                    _budget = new QuotaBudget(today?.Quota, today?.Used ?? 0, _options.MaxRequests, probeWhenSpent: _restart, shared: _service.SharedQuotaFor(_options.Tenant));
                    Say(today is { } seen
                        ? "Quota: " + seen.Used + " of " + seen.Quota + " requests used today; this run sends at most " + Math.Max(0, seen.Quota - seen.Used) + (_options.MaxRequests is int cap ? " (and at most " + cap + ", -MaxRequests)" : "") + "."
                        : "Quota: not seen today; the first request goes alone and its answer shows it.");
                    Say("Requests go to " + (_options.Portal ?? _service.Portal) + " for tenant '" + _options.Tenant + "', at most " +
                        _options.ThrottleLimit + " at once, " + (_options.MaxRecords?.ToString() ?? "all") + " record(s) per section.");
                    if (_client is IRetryReporting reporting)
                    {
                        reporting.Retrying += OnRetrying;
                        reporting.RetryAttemptStarting += OnRetryAttemptStarting;
                    }
                }
                catch (Exception ex) when (!(ex is OutOfMemoryException))
                {
                    var loadFailure = Diagnostics.ModuleLoadException.From(ex);
                    _fatal = loadFailure != null
                        ? new LookupError(Diagnostics.ModuleLoadException.ErrorId, LookupErrorCategory.NotInstalled, loadFailure)
                        : new LookupError("TipConnectionUnavailable", LookupErrorCategory.InvalidOperation, ex);
                    SetStop(LookupStopReason.Refused, ex.Message);
                }
            }
            // Every item is stored before its request: a crash from here on leaves a task to restart. The first slots'
            // worth is stored first; each later chunk (twice the one before) is stored on another thread while the
            // requests of the chunk before it go out, so neither the first request nor a freed slot waits for inserts.
            CheckRoom();
            // After a stop (Ctrl+C, Stop-TipTask) the rows already received are still recorded, not bought: the
            // "Restart-TipTask finishes it" each of them is told must be true.
            var storeItems = !_restart && (_client != null || StopReason == LookupStopReason.Cancelled);
            var stored = 0; // misses[0..stored) are stored
            var chunk = Math.Max(1, _options.ThrottleLimit);
            Task<int>? storingNext = null; // stores the next chunk; its result is the end of that chunk
            for (var i = 0; i < misses.Count; i++)
            {
                var entry = misses[i];
                if (storeItems && i == stored)
                {
                    if (storingNext == null)
                    {
                        stored = StoreItems(misses, i, Math.Min(misses.Count - i, chunk));
                    }
                    else
                    {
                        stored = storingNext.GetAwaiter().GetResult();
                        storingNext = null;
                    }
                    if (stored < misses.Count)
                    {
                        chunk *= 2;
                        var from = stored;
                        var count = Math.Min(misses.Count - from, chunk);
                        storingNext = System.Threading.Tasks.Task.Factory.StartNew(() => StoreItems(misses, from, count),
                            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
                    }
                }
                if (StopReason != LookupStopReason.None)
                {
                    if (StopReason == LookupStopReason.Cancelled && storeItems && stored < misses.Count)
                    {
                        if (storingNext != null)
                        {
                            stored = storingNext.GetAwaiter().GetResult();
                            storingNext = null;
                        }
                        if (stored < misses.Count) stored = StoreItems(misses, stored, misses.Count - stored);
                    }
                    NotRequested(entry);
                    continue;
                }
                try
                {
                    _throttle.Wait(_cancel.Token);
                }
                catch (OperationCanceledException)
                {
                    NotRequested(entry);
                    continue;
                }
                if (StopReason != LookupStopReason.None || !Reserve())
                {
                    _throttle.Release();
                    NotRequested(entry);
                    continue;
                }
                Interlocked.Increment(ref _work);
                _requestedKeys?.Add(entry.Key);
                _ = RequestAsync(entry);
            }
        }

        /// <summary>Takes budget for one request, waiting for answers while they may tell (the quota unknown, the last of it on the wire); false stops the batch.</summary>
        private bool Reserve()
        {
            var budget = _budget!;
            while (true)
            {
                switch (budget.TryReserve())
                {
                    case QuotaDecision.Go:
                        return true;
                    case QuotaDecision.QuotaSpent:
                        SetStop(LookupStopReason.QuotaSpent, "The day quota as last seen is used up (" + budget.Used + " of " + budget.Quota + "); nothing more was sent.");
                        return false;
                    case QuotaDecision.CapReached:
                        SetStop(LookupStopReason.CapReached, "-MaxRequests " + _options.MaxRequests + " is reached.");
                        return false;
                    default:
                        try
                        {
                            budget.Changed.Wait(_cancel.Token);
                        }
                        catch (OperationCanceledException)
                        {
                            return false;
                        }
                        if (StopReason != LookupStopReason.None) return false;
                        break;
                }
            }
        }

        /// <summary>Stores misses[from..from+count) as Pending items of the task (created with the first); returns the end.</summary>
        private int StoreItems(List<Entry> misses, int from, int count)
        {
            var items = Indicators(misses.GetRange(from, count));
            try
            {
                _service.WithDatabase(() =>
                {
                    _task ??= CreateTask();
                    _taskDecided.TrySetResult(true);
                    _service.Tasks.AddItems(_task.Id, items, Volatile.Read(ref _rows));
                });
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                // Items that cannot be recorded must not be bought: a crash would lose them without a trace.
                FailStorage(ex as TipStorageException ?? new TipStorageException(_service.Database.Directory, TipStorageProblem.WriteFailed,
                    "The lookup's task items could not be written to KumaTip's data directory '" + _service.Database.Directory + "': " + ex.Message +
                    " Nothing was bought for them.", ex));
            }
            return from + count;
        }

        // Stop-TipTask from another process can only leave a flag in the task record; look for it now and then,
        // and let the heartbeat show the task is alive.
        private async Task PollStopAsync()
        {
            var token = _cancel.Token;
            while (!_finished)
            {
                try
                {
                    await System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(1), token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                var task = _task;
                if (task == null || _finished) continue;
                try
                {
                    var received = _restart ? 0 : Volatile.Read(ref _rows);
                    if (_service.WithDatabase(() => _service.Tasks.Heartbeat(task.Id, received))) Cancel();
                }
                catch (Exception ex) when (!(ex is OutOfMemoryException))
                {
                    // A busy or briefly locked file: try again next time.
                }
            }
        }

        /// <summary>
        /// Without the cache: an indicator this batch already requested (its entry forgotten since) takes the answer this
        /// task stored, instead of a second request. Returns the entries still to request.
        /// </summary>
        private List<Entry> AnswerForgottenDuplicates(List<Entry> toCheck)
        {
            if (_requestedKeys == null || _task == null) return toCheck;
            var seen = new List<Entry>();
            foreach (var entry in toCheck)
            {
                if (_requestedKeys.Contains(entry.Key)) seen.Add(entry);
            }
            if (seen.Count == 0) return toCheck;
            var taskId = _task.Id;
            var cached = ReadCache(seen);
            var misses = new List<Entry>(toCheck.Count);
            foreach (var entry in toCheck)
            {
                if (_requestedKeys.Contains(entry.Key) && cached.TryGetValue(CacheKey.For(_options.Tenant, entry.Indicator), out var hit) && hit.TaskId == taskId)
                {
                    Interlocked.Increment(ref _cached);
                    Complete(entry, LookupOutcome.Result, hit, null, null);
                }
                else
                {
                    misses.Add(entry);
                }
            }
            Signal();
            return misses;
        }

        /// <summary>The cached answers for <paramref name="entries"/>; none when the store does not answer (then nothing more is bought).</summary>
        private IReadOnlyDictionary<string, TipLookupResult> ReadCache(List<Entry> entries)
        {
            try
            {
                return _service.WithDatabase(() => _service.Cache.FindMany(_options.Tenant, Indicators(entries)));
            }
            catch (TipStorageException ex)
            {
                FailStorage(ex);
                return new Dictionary<string, TipLookupResult>();
            }
        }

        private TipTask CreateTask()
        {
            var task = _service.Tasks.Create(_options);
            RunningTasks.Register(_service.Database.Path, task.Id, this);
            return task;
        }

        private async Task RequestAsync(Entry entry)
        {
            // A token of its own: a quota stop or refusal ends this request only while it waits to be retried, not
            // once the retry is sent.
            using var request = CancellationTokenSource.CreateLinkedTokenSource(_cancel.Token);
            _inFlight[entry.Key] = request;
            var settled = false;
            // The slot goes back once the answer is judged (a refusal or a spent quota has stopped the batch, so the
            // next request in the slot is not sent) and before it is stored: storing never holds up the next request.
            try
            {
                TipApiResponse response;
                var sent = System.Diagnostics.Stopwatch.StartNew();
                Say(entry.Indicator.Value + ": requesting (" + entry.Indicator.Type + ").");
                try
                {
                    try
                    {
                        response = await _client!.LookupAsync(entry.Indicator, SectionsFor(entry.Indicator.Kind), _options.MaxRecords, request.Token).ConfigureAwait(false);
                    }
                    finally
                    {
                        _inFlight.TryRemove(entry.Key, out _);
                        _waitingRetry.TryRemove(entry.Key, out _);
                    }
                }
                catch (OperationCanceledException) when (request.IsCancellationRequested)
                {
                    NotRequested(entry);
                    WorkDone();
                    return;
                }
                catch (TipApiException ex) when (ex.Kind == TipApiErrorKind.CircuitOpen)
                {
                    // The breaker opened on repeated outages: the portal is not answering. Every later row would only get
                    // the same error, so the batch stops with one, and what was not looked up stays pending.
                    var message = ex.Message + " Nothing more is sent in this run; the indicators not looked up stay pending in task " + _task!.Id +
                                  " (Restart-TipTask -Id " + _task.Id + " finishes them once the portal answers).";
                    if (SetStop(LookupStopReason.Unreachable, message))
                    {
                        _fatal = new LookupError("TipApi" + ex.Kind, CategoryOf(ex.Kind), new TipApiException(ex.Kind, message, null, null, null, ex));
                    }
                    NotRequested(entry);
                    WorkDone();
                    return;
                }
                catch (TipApiException ex) when (ex.StopsBatch)
                {
                    if (ex.Kind == TipApiErrorKind.QuotaExceeded)
                    {
                        SetStop(LookupStopReason.QuotaSpent, ex.Message);
                    }
                    else if (SetStop(LookupStopReason.Refused, ex.Message))
                    {
                        _fatal = new LookupError("TipApi" + ex.Kind, CategoryOf(ex.Kind), ex);
                    }
                    NotRequested(entry);
                    WorkDone();
                    return;
                }
                catch (Exception ex) when (!(ex is OutOfMemoryException))
                {
                    var kind = ex is TipApiException api ? api.Kind : TipApiErrorKind.Unexpected;
                    var message = ex is TipApiException ? ex.Message : "Looking up '" + entry.Indicator.Value + "' failed: " + ex.Message;
                    var error = new LookupError("TipApi" + kind, CategoryOf(kind), ex is TipApiException ? ex : new InvalidOperationException(message, ex));
                    EnqueueWrite(new Written(entry, null, error, message, null, fromCache: false));
                    return;
                }

                SayDebug(entry.Indicator.Value + ": answered " + response.StatusCode + " in " + sent.ElapsedMilliseconds + " ms (retries included).");
                var license = response.Sections.LicenseInfo ?? _client.LastLicenseInfo;
                _budget!.Settle(answered: true, response.Sections.LicenseInfo);
                settled = true;
                if (license?.DayQuota != null) Say("Quota: " + license.DayRequests + " of " + license.DayQuota + " requests used today (" + license.AccessType + ").");
                if (license != null && license.QuotaSpent)
                {
                    SetStop(LookupStopReason.QuotaSpent, "The portal reports the day quota spent (" + license.DayRequests + " of " + license.DayQuota + ").");
                }
                var result = LookupOutputs.FromResponse(response, _options.Tenant, _task!.Id, _options.Portal ?? _service.Portal);
                EnqueueWrite(new Written(entry, result, null, null, license, fromCache: false) { StatusCode = response.StatusCode });
            }
            finally
            {
                if (!settled) _budget!.Settle(answered: false, null);
                _throttle.Release();
            }
        }

        private void EnqueueWrite(Written completion)
        {
            _writes.Enqueue(completion);
            if (_writerHung) DrainAbandonedWrites();
            else _writeSignal.Release();
        }

        private void WriteLoop()
        {
            var batch = new List<Written>();
            var end = false;
            while (!end)
            {
                _writeSignal.Wait();
                batch.Clear();
                end = TakeWrites(batch);
                // More answers are on their way: let them join this group, since a commit (file lock, fsync) costs about
                // the same for one answer as for twenty. Only outputs wait; requests go on meanwhile.
                if (!end && batch.Count > 0 && Volatile.Read(ref _work) > batch.Count + 1)
                {
                    Thread.Sleep(GroupWait);
                    end = TakeWrites(batch);
                }
                if (batch.Count == 0) continue;
                // Stop buying before the disk is full, while the answers in hand still fit: they are written below.
                CheckRoom();
                var group = new List<Written>(batch);
                Volatile.Write(ref _writing, group);
                Volatile.Write(ref _writeStarted, DateTime.UtcNow.Ticks);
                var failure = TryWriteBatch(batch);
                Volatile.Write(ref _writeStarted, 0);
                // The watchdog took the group while the write hung: it has been handed out already.
                if (Interlocked.CompareExchange(ref _writing, null, group) != group) continue;
                if (failure != null)
                {
                    // Still not stored after the retries: nothing more is bought into a store that does not take it.
                    FailStorage(new TipStorageException(_service.Database.Directory, TipStorageProblem.WriteFailed,
                        "Answers could not be written to KumaTip's data directory '" + _service.Database.Directory + "': " + failure.Message +
                        " Nothing more is bought in this run; what was bought is returned, and the rest stays pending" + TaskHint() + ".", failure));
                    CompleteUnstored(batch, failure.Message);
                    continue;
                }
                foreach (var c in batch)
                {
                    if (c.Result != null)
                    {
                        if (!c.FromCache) Interlocked.Increment(ref _requested);
                        // Rows waiting now get the answer as received. Stored, its body can stay in the cache for the
                        // duplicates that come later: a batch remembering thousands of answers holds summaries, not bodies.
                        var forLater = c.FromCache ? null : _service.Cache.WithoutBody(c.Result);
                        Complete(c.Entry, LookupOutcome.Result, _options.BodiesOnDemand ? forLater ?? c.Result : c.Result, null, null, forLater);
                    }
                    else
                    {
                        Interlocked.Increment(ref _failed);
                        Complete(c.Entry, LookupOutcome.Error, null, c.Error, c.Reason);
                    }
                    WorkDone();
                }
                Signal();
            }
        }

        /// <summary>
        /// Hands out answers that could not be stored: a paid answer is returned all the same (it was bought) and counted
        /// in UnstoredResults for one warning; its item stays pending, which is the truth: a restart asks again. A failed
        /// request keeps its error.
        /// </summary>
        private void CompleteUnstored(List<Written> batch, string reason)
        {
            foreach (var c in batch)
            {
                if (c.Result != null)
                {
                    if (!c.FromCache) Interlocked.Increment(ref _requested);
                    Interlocked.Increment(ref _unstored);
                    _unstoredReason ??= reason;
                    Complete(c.Entry, LookupOutcome.Result, c.Result, null, null);
                }
                else
                {
                    Interlocked.Increment(ref _failed);
                    Complete(c.Entry, LookupOutcome.Error, null, c.Error, c.Reason);
                }
                WorkDone();
            }
            Signal();
        }

        /// <summary>Stops buying when the data directory's disk is nearly full (see <see cref="StorageSpace"/>).</summary>
        private void CheckRoom()
        {
            if (_storageFailure != null) return;
            var low = StorageSpace.CheckRoom(_service.Database.Directory, _service.StorageReserve);
            if (low != null) FailStorage(low);
        }

        /// <summary>The store cannot take more: stop buying at once and end with this one error.</summary>
        private void FailStorage(TipStorageException problem)
        {
            if (Interlocked.CompareExchange(ref _storageFailure, problem, null) != null) return;
            _fatal ??= new LookupError("TipStorageFailed", LookupErrorCategory.WriteError, problem);
            SetStop(LookupStopReason.StorageFailed, problem.Message);
        }

        private string TaskHint() => _task == null ? "" : " in task " + _task.Id + " (Restart-TipTask -Id " + _task.Id + " once the data directory takes writes again)";

        // LiteDB 5.0.20's disk writer can wait on itself forever when a write fails (a full disk): a write group that has
        // not returned within the bound is given up, its answers go out from memory, and the run ends instead of hanging.
        private async Task WatchWritesAsync()
        {
            while (!_finished && !_writerHung)
            {
                try
                {
                    await System.Threading.Tasks.Task.Delay(TimeSpan.FromMilliseconds(250)).ConfigureAwait(false);
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                var started = Volatile.Read(ref _writeStarted);
                if (started != 0 && DateTime.UtcNow.Ticks - started > _service.StorageTimeout.Ticks) AbandonWriter();
            }
        }

        /// <summary>
        /// One of the worker's own writes (the task's last update), given up like the writer's when it has not returned
        /// within the bound: on a full disk LiteDB's commit can wait on its own disk writer for ever (#2821). Null then.
        /// </summary>
        private T? Bounded<T>(Func<T> write) where T : class
        {
            var run = System.Threading.Tasks.Task.Factory.StartNew(write, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            if (((IAsyncResult)run).AsyncWaitHandle.WaitOne(_service.StorageTimeout)) return run.GetAwaiter().GetResult();
            AbandonWriter();
            return null;
        }

        private void AbandonWriter()
        {
            _writerHung = true;
            FailStorage(new TipStorageException(_service.Database.Directory, TipStorageProblem.WriteHung,
                "A write to KumaTip's data directory '" + _service.Database.Directory + "' did not finish within " + _service.StorageTimeout.TotalSeconds +
                " s: the disk is full or the data file is stuck. Nothing more is bought in this run; what was bought is returned, and the rest stays pending" + TaskHint() +
                ". Free space or end the process that holds the file, then restart the task."));
            var stuck = Interlocked.Exchange(ref _writing, null);
            if (stuck != null) CompleteUnstored(stuck, _storageFailure!.Message);
            DrainAbandonedWrites();
        }

        private void DrainAbandonedWrites()
        {
            lock (_abandonGate)
            {
                var left = new List<Written>();
                while (_writes.TryDequeue(out var w))
                {
                    if (!ReferenceEquals(w, Written.EndOfWrites)) left.Add(w);
                }
                if (left.Count > 0) CompleteUnstored(left, _storageFailure?.Message ?? "the data directory does not take writes");
            }
        }

        private bool TakeWrites(List<Written> batch)
        {
            var end = false;
            while (_writes.TryDequeue(out var completion))
            {
                if (ReferenceEquals(completion, Written.EndOfWrites)) end = true;
                else batch.Add(completion);
            }
            return end;
        }

        private static readonly TimeSpan[] WriteRetryDelays = { TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(1) };

        /// <summary>Stores a group on the writer thread, retrying a few times (another process may hold the file's lock); null when stored, else the last failure.</summary>
        private Exception? TryWriteBatch(List<Written> batch)
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    WriteBatch(batch);
                    return null;
                }
                catch (Exception ex) when (!(ex is OutOfMemoryException))
                {
                    if (attempt >= WriteRetryDelays.Length) return ex;
                    Thread.Sleep(WriteRetryDelays[attempt]);
                }
            }
        }

        private void WriteBatch(List<Written> batch)
        {
            TipLicenseInfo? license = null;
            var stopAsked = false;
            var now = _service.UtcNow;
            _service.WithDatabase(() => _service.Database.InTransaction(() =>
            {
                _service.BeforeWriteForTests?.Invoke();
                var changes = new List<(TipIndicator, TaskItemState, string?)>(batch.Count);
                foreach (var c in batch)
                {
                    if (c.Result != null)
                    {
                        if (!c.FromCache)
                        {
                            _service.Cache.Put(c.Result);
                            _service.Ledger?.RecordRequest(_options.Tenant, c.Entry.Indicator, _task!.Id, c.StatusCode, now);
                        }
                        changes.Add((c.Entry.Indicator, TaskItemState.Done, null));
                    }
                    else
                    {
                        changes.Add((c.Entry.Indicator, TaskItemState.Failed, c.Reason));
                    }
                    license = c.License ?? license;
                }
                if (_task != null) stopAsked = _service.Tasks.RecordItems(_task.Id, changes);
                if (license != null) _service.Ledger?.RecordLicense(_options.Tenant, license, now);
            }));
            if (stopAsked) Cancel();
        }

        private void Finish()
        {
            if (_task == null) return;
            var id = _task.Id;
            var final = Bounded(() => _service.WithDatabase(() =>
            {
                var current = _service.Tasks.Get(id)!;
                TipTaskStatus status;
                string? message = null;
                switch (StopReason)
                {
                    case LookupStopReason.Cancelled:
                        status = TipTaskStatus.Cancelled;
                        message = current.Pending > 0 ? current.Pending + " item(s) pending; Restart-TipTask -Id " + id + " finishes them." : null;
                        break;
                    case LookupStopReason.Refused:
                        status = TipTaskStatus.Failed;
                        message = _stopMessage;
                        break;
                    case LookupStopReason.StorageFailed:
                    case LookupStopReason.Unreachable:
                        status = current.Done > 0 ? TipTaskStatus.PartiallyCompleted : TipTaskStatus.Failed;
                        message = current.Pending + " item(s) pending: " + _stopMessage;
                        break;
                    default:
                        if (current.Pending > 0)
                        {
                            status = current.Done > 0 ? TipTaskStatus.PartiallyCompleted : TipTaskStatus.Failed;
                            message = StopReason == LookupStopReason.QuotaSpent ? QuotaMessage(current.Pending, id)
                                : StopReason == LookupStopReason.CapReached ? CapMessage(current.Pending, id)
                                : current.Pending + " item(s) pending; Restart-TipTask -Id " + id + " finishes them.";
                        }
                        else if (current.Failed > 0)
                        {
                            status = current.Done > 0 ? TipTaskStatus.PartiallyCompleted : TipTaskStatus.Failed;
                            message = current.Failed + " item(s) failed; Restart-TipTask -Id " + id + " tries them again.";
                        }
                        else
                        {
                            status = TipTaskStatus.Completed;
                        }
                        break;
                }
                if (_restart && !current.InputComplete)
                {
                    // The run that created the task was killed before it had recorded all of its input: finishing the
                    // recorded items does not make the task complete, and saying Completed would hide the lost rows.
                    if (status == TipTaskStatus.Completed) status = TipTaskStatus.PartiallyCompleted;
                    message = IncompleteInputMessage(current) + (message == null ? "" : " " + message);
                }
                return _service.Tasks.Finish(id, status, message);
            }));
            if (final == null) return; // the write never returned: the task shows Abandoned once this process ends
            _task = final;
            if (StopReason == LookupStopReason.QuotaSpent) _stopMessage = QuotaMessage(final.Pending, id);
            if (StopReason == LookupStopReason.CapReached) _stopMessage = CapMessage(final.Pending, id);
        }

        /// <summary>
        /// The input has ended and every row of it is answered or recorded as an item: from now on a kill loses nothing
        /// that a restart cannot finish. Until this is written, a task whose process died says its input is incomplete.
        /// </summary>
        private void MarkInputRecorded()
        {
            var task = _task;
            // Only reached once the whole input went through the batches, each row answered or recorded; after a stop
            // too, since stopped rows are recorded as pending (rows that arrive after the worker closed its inbox
            // are not, and then this is never called).
            if (task == null || _restart) return;
            // A store that already failed (a full disk) is not written again: LiteDB 5.0.20 can hang for ever in the
            // commit of a write that fails for lack of space (#2821), and here no watchdog would give it up. The task
            // then keeps saying its input may be incomplete, the cautious reading.
            CheckRoom();
            if (_storageFailure != null) return;
            var received = Volatile.Read(ref _rows);
            try
            {
                Bounded(() => { _service.WithDatabase(() => _service.Tasks.MarkInputComplete(task.Id, received)); return (object)task; });
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                // Not recorded, so the task keeps saying its input may be incomplete: the cautious reading.
                FailStorage(ex as TipStorageException ?? new TipStorageException(_service.Database.Directory, TipStorageProblem.WriteFailed,
                    "KumaTip's data directory '" + _service.Database.Directory + "' did not take the task's last update: " + ex.Message, ex));
            }
        }

        internal static string IncompleteInputMessage(TipTask task)
            => "The run that created task " + task.Id + " ended before it had recorded all of its input: " + task.Received +
               " row(s) had reached it and " + task.Total + " indicator(s) were recorded to look up (cached answers and repeated values are not recorded). " +
               "Rows after those were never looked up: run the same input again (what is cached costs nothing).";

        private string CapMessage(int pending, int taskId)
            => "-MaxRequests " + _options.MaxRequests + " was reached: " + pending + " indicator(s) were not requested and stay pending in task " + taskId +
               ". Restart-TipTask -Id " + taskId + " requests them (give it -MaxRequests to cap that run too).";

        private static string QuotaMessage(int pending, int taskId)
            => pending == 0
                ? "The day quota is now spent (by the last request of task " + taskId + "); nothing is pending. New lookups are answered from the cache only until the quota resets."
                : "The day quota is spent: " + pending + " indicator(s) were not requested and stay pending in task " + taskId +
               ". Restart-TipTask -Id " + taskId + " requests them after the quota resets; nothing already answered is bought again.";

        private void FailEverything(Exception ex)
        {
            lock (_ordered)
            {
                foreach (var slot in _ordered)
                {
                    if (slot.Output != null) continue;
                    // Each row's error names its own indicator, like every other lookup error.
                    var indicator = slot.Indicator ?? slot.Request.Indicator;
                    var value = indicator?.Value ?? slot.Request.Value;
                    var message = "The lookup of '" + value + "' failed: " + ex.Message;
                    var error = new LookupError("TipLookupFailed", LookupErrorCategory.NotSpecified, new InvalidOperationException(message, ex));
                    slot.Output = new LookupOutput(slot.Request, LookupOutcome.Error, null, error, message, indicator);
                }
            }
        }

        private IReadOnlyList<string> SectionsFor(TipIndicatorType type)
        {
            lock (_sections)
            {
                if (!_sections.TryGetValue(type, out var sections))
                {
                    sections = _service.ResolveSections(type, _options.SectionNamesFor(type));
                    _sections[type] = sections;
                }
                return sections;
            }
        }

        private static IReadOnlyCollection<TipIndicator> Indicators(List<Entry> entries)
        {
            var list = new List<TipIndicator>(entries.Count);
            foreach (var e in entries) list.Add(e.Indicator);
            return list;
        }

        private bool SetStop(LookupStopReason reason, string message)
        {
            if (Interlocked.CompareExchange(ref _stopReason, (int)reason, (int)LookupStopReason.None) != (int)LookupStopReason.None) return false;
            _stopMessage = message;
            // A retry after the quota is spent or the login refused would only be refused (or bought after the stop).
            // Taken out before it is cancelled: a retry whose attempt starts at this moment is either taken here (and not
            // sent) or by OnRetryAttemptStarting (and sent, its answer kept), never cancelled on the wire.
            foreach (var key in _waitingRetry.Keys)
            {
                if (_waitingRetry.TryRemove(key, out var waiting)) TryCancel(waiting);
            }
            return true;
        }

        private void OnRetrying(object? sender, TipRetryEventArgs e)
        {
            try
            {
                Retrying?.Invoke(this, e);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                // A listener that failed (its output closed) must not fail the request it only watches.
            }
            if (!_inFlight.TryGetValue(e.Indicator.Key, out var request)) return;
            _waitingRetry[e.Indicator.Key] = request;
            // Added first, then checked: a stop that came in between still finds it, or we see the stop here.
            if (StopReason != LookupStopReason.None) TryCancel(request);
        }

        private void OnRetryAttemptStarting(object? sender, TipAttemptEventArgs e)
        {
            // On the wire from now on: a stop no longer cancels it. Its answer may be paid for, so it is taken and
            // stored (after a spent quota or a refusal the portal refuses it anyway, and that costs nothing).
            _waitingRetry.TryRemove(e.Indicator.Key, out _);
        }

        private static void TryCancel(CancellationTokenSource request)
        {
            try
            {
                request.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // That request has already ended.
            }
        }

        private void NotRequested(Entry entry)
        {
            Interlocked.Increment(ref _notRequested);
            var reason = StopReason switch
            {
                LookupStopReason.QuotaSpent => "Not requested: the day quota is spent." + (_task != null ? " Restart-TipTask -Id " + _task.Id + " requests it after the reset." : ""),
                LookupStopReason.Refused => "Not requested: " + _stopMessage,
                LookupStopReason.CapReached => "Not requested: -MaxRequests " + _options.MaxRequests + " was reached." + (_task != null ? " Restart-TipTask -Id " + _task.Id + " requests it." : ""),
                LookupStopReason.StorageFailed => "Not requested: the data directory takes no more writes." + (_task != null ? " Restart-TipTask -Id " + _task.Id + " requests it once it does." : ""),
                LookupStopReason.Unreachable => "Not requested: the portal is not answering." + (_task != null ? " Restart-TipTask -Id " + _task.Id + " requests it once it does." : ""),
                _ => "Not requested: the lookup was stopped." + (_task != null ? " Restart-TipTask -Id " + _task.Id + " finishes it." : ""),
            };
            Complete(entry, LookupOutcome.NotRequested, null, null, reason);
            Signal();
        }

        // Callers signal once per batch: a wake-up per row would make the reader and the worker ping-pong.
        private void Complete(Entry entry, LookupOutcome outcome, TipLookupResult? result, LookupError? error, string? reason, TipLookupResult? resultForLater = null)
        {
            entry.Complete(outcome, result, error, reason, resultForLater);
            _completedKeys.Enqueue(entry.Key);
        }

        private void RememberValue(string value, Entry entry)
        {
            lock (_byValue)
            {
                // Forgetting all at once is fine: a forgotten spelling just goes through the worker again.
                if (_byValue.Count >= RememberedKeys) _byValue.Clear();
                _byValue[value] = entry;
            }
        }

        private void EvictRemembered()
        {
            while (_entries.Count > RememberedKeys && _completedKeys.TryDequeue(out var key))
            {
                if (_entries.TryGetValue(key, out var entry) && entry.IsComplete && entry.Outcome != LookupOutcome.Error) _entries.Remove(key);
            }
        }

        private void WorkDone()
        {
            if (Interlocked.Decrement(ref _work) == 0) _workDrained.TrySetResult(true);
        }

        private void Signal()
        {
            if (_changed.CurrentCount == 0) _changed.Release();
        }

        private static LookupErrorCategory CategoryOf(TipApiErrorKind kind) => kind switch
        {
            TipApiErrorKind.BadRequest => LookupErrorCategory.InvalidArgument,
            TipApiErrorKind.UriTooLong => LookupErrorCategory.InvalidArgument,
            TipApiErrorKind.Unauthorized => LookupErrorCategory.AuthenticationError,
            TipApiErrorKind.ProxyAuthenticationRequired => LookupErrorCategory.AuthenticationError,
            TipApiErrorKind.Forbidden => LookupErrorCategory.PermissionDenied,
            TipApiErrorKind.QuotaExceeded => LookupErrorCategory.LimitsExceeded,
            TipApiErrorKind.RateLimited => LookupErrorCategory.LimitsExceeded,
            TipApiErrorKind.CertificateInvalid => LookupErrorCategory.SecurityError,
            TipApiErrorKind.MalformedResponse => LookupErrorCategory.InvalidResult,
            TipApiErrorKind.Timeout => LookupErrorCategory.OperationTimeout,
            TipApiErrorKind.Network => LookupErrorCategory.ConnectionError,
            TipApiErrorKind.ServerError => LookupErrorCategory.ConnectionError,
            TipApiErrorKind.CircuitOpen => LookupErrorCategory.ConnectionError,
            _ => LookupErrorCategory.NotSpecified,
        };

        private sealed class Slot
        {
            public Slot(LookupRequest request) => Request = request;

            public LookupRequest Request { get; }

            /// <summary>The indicator the row was read as, once it was (a crash's error rows still name it).</summary>
            public TipIndicator? Indicator { get; set; }

            private volatile LookupOutput? _output;

            public LookupOutput? Output
            {
                get => _output;
                set => _output = value;
            }
        }

        /// <summary>One distinct indicator of the batch and the rows waiting for it.</summary>
        private sealed class Entry
        {
            private List<Slot>? _waiting = new List<Slot>(1);

            public Entry(TipIndicator indicator, string key)
            {
                Indicator = indicator;
                Key = key;
            }

            public TipIndicator Indicator { get; }

            public string Key { get; }

            public bool IsComplete { get; private set; }

            public LookupOutcome Outcome { get; private set; }

            private TipLookupResult? _result;
            private LookupError? _error;
            private string? _reason;

            public void Attach(Slot slot)
            {
                lock (this)
                {
                    if (!IsComplete)
                    {
                        _waiting!.Add(slot);
                        return;
                    }
                }
                slot.Output = new LookupOutput(slot.Request, Outcome, _result, _error, _reason, Indicator);
            }

            /// <summary>Rows waiting get <paramref name="result"/>; rows attached later get <paramref name="resultForLater"/> when given.</summary>
            public void Complete(LookupOutcome outcome, TipLookupResult? result, LookupError? error, string? reason, TipLookupResult? resultForLater = null)
            {
                List<Slot> waiting;
                lock (this)
                {
                    if (IsComplete) return;
                    Outcome = outcome;
                    _result = resultForLater ?? result;
                    _error = error;
                    _reason = reason;
                    IsComplete = true;
                    waiting = _waiting!;
                    _waiting = null;
                }
                foreach (var slot in waiting) slot.Output = new LookupOutput(slot.Request, outcome, result, error, reason, Indicator);
            }
        }

        private sealed class Written
        {
            public static readonly Written EndOfWrites = new Written(null!, null, null, null, null, false);

            public Written(Entry entry, TipLookupResult? result, LookupError? error, string? reason, TipLicenseInfo? license, bool fromCache)
            {
                Entry = entry;
                Result = result;
                Error = error;
                Reason = reason;
                License = license;
                FromCache = fromCache;
            }

            public Entry Entry { get; }
            public TipLookupResult? Result { get; }
            public LookupError? Error { get; }
            public string? Reason { get; }
            public TipLicenseInfo? License { get; }
            public bool FromCache { get; }
            public int StatusCode { get; set; }
        }
    }
}
