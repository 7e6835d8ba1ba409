using System;
using System.Threading;
using System.Threading.Tasks;
using KumaTip.Core.Api;
using KumaTip.Core.Lookups.Stages;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// One streaming lookup batch. Rows go in with <see cref="Add"/> (any pace); each gets exactly one
    /// <see cref="LookupOutput"/>, taken in input order with <see cref="TryTake"/> as soon as it and every row before it
    /// are ready. Behind it, a pipeline of stages (see docs/lookups.md): parse → de-duplicate → cache → task items
    /// (stored before their requests) → request (throttle and quota budget) → store answers (group commit) → ordered output.
    /// This type only puts them together and answers the caller; <see cref="LookupFeed"/> is the loop that feeds and drains it.
    /// </summary>
    public sealed class LookupSession : IDisposable
    {
        private readonly LookupRun _run;
        private readonly OrderedOutput _output;
        private readonly DeduplicateStage _dedupe;
        private readonly RequestStage _requests;
        private readonly LookupDispatcher _dispatcher;
        private readonly Task _completion;
        private volatile bool _completed;
        private readonly int _recoveriesBefore;

        internal LookupSession(LookupService service, LookupOptions options, TipTask? restartOf, CancellationToken cancellationToken)
        {
            _run = new LookupRun(service, options, restartOf, cancellationToken);
            _recoveriesBefore = service.Store.Recoveries;
            _output = new OrderedOutput(_run);
            var parse = new ParseStage(_run);
            _dedupe = new DeduplicateStage(_run, parse);
            var store = new AnswerStoreStage(_run, Cancel);
            var cache = new CacheStage(_run, _dedupe, store);
            var items = new TaskItemStage(_run, store, task => RunningTasks.Register(service.Store.Identity, task.Id, this));
            var record = new TaskRecord(_run, store);
            _requests = new RequestStage(_run, store) { Retrying = e => OnRetrying(e) };
            _dispatcher = new LookupDispatcher(_run, _output, parse, _dedupe, cache, items, _requests, store, record);
            // A cancellation after the batch finished changes nothing: it ended as it ended.
            _run.Token.Register(() =>
            {
                if (!_run.Finished) _run.SetStop(LookupStopReason.Cancelled, "The lookup was stopped.");
            });
            _completion = _dispatcher.Start();
            if (restartOf != null) RunningTasks.Register(service.Store.Identity, restartOf.Id, this);
            _ = System.Threading.Tasks.Task.Run(() => record.PollStopAsync(Cancel));
        }

        /// <summary>How many answered indicators are remembered for duplicates (bounded memory); tests make it small.</summary>
        internal int RememberedKeys
        {
            get => _dedupe.RememberedKeys;
            set => _dedupe.RememberedKeys = value;
        }

        /// <summary>The task this batch runs (created at the first indicator the cache could not answer); null while there is none.</summary>
        public TipTask? Task => _run.Task;

        /// <summary>Rows added and not yet taken: a caller keeps this bounded by taking while it adds.</summary>
        public int Outstanding => Volatile.Read(ref _run.Rows) - Volatile.Read(ref _run.Taken);

        /// <summary>True when every row was added, processed and taken, and the task record is final.</summary>
        public bool IsFinished => _run.Finished && _output.IsEmpty;

        public LookupStopReason StopReason => _run.StopReason;

        /// <summary>For QuotaSpent: what is left and how to continue; for Refused: the portal's reason.</summary>
        public string? StopMessage => _run.StopMessage;

        /// <summary>The one error that stopped the batch (credentials, certificate, settings, a portal that stopped answering); written once, not per row.</summary>
        public LookupError? FatalError => _run.Fatal;

        /// <summary>
        /// Raised before each retry of a request with what failed and the wait (for -Verbose). Raised on a pool thread:
        /// handlers must be quick, must not throw, and must leave writing to the pipeline thread.
        /// </summary>
        public event EventHandler<TipRetryEventArgs>? Retrying;

        /// <summary>Answers handed out although they could not be stored (the cache write kept failing); their items stay pending.</summary>
        public int UnstoredResults => Volatile.Read(ref _run.Unstored);

        /// <summary>The warning to show when <see cref="UnstoredResults"/> is not 0; null otherwise.</summary>
        /// <summary>
        /// When the team store's connection dropped during the run (a restarted server, the network) and came back: what
        /// happened, so the user knows; the writes were retried and nothing was lost. Null otherwise.
        /// </summary>
        public string? StoreRecoveredMessage
        {
            get
            {
                var recovered = _run.Service.Store.Recoveries - _recoveriesBefore;
                if (recovered <= 0) return null;
                return "The " + _run.Service.Store.Location + " dropped the connection during this run (a restarted server or the network) and KumaTip reconnected " +
                       recovered + " time(s); what the run bought was stored once the server answered again" +
                       (_run.StorageFailure == null ? ", and nothing was lost." : "; see the other warning for what was not.");
            }
        }

        public string? UnstoredMessage => UnstoredResults == 0 ? null
            : UnstoredResults + " answer(s) were received and returned but could not be stored in the cache (" + _run.UnstoredReason + "); they are not cached and their items stay pending" +
              (Task != null ? " in task " + Task.Id + " (Restart-TipTask -Id " + Task.Id + " asks again)." : ".");

        /// <summary>
        /// Verbose and Debug lines waiting for the pipeline thread. Only kept when <see cref="LookupOptions.Diagnostics"/>
        /// is set (the caller asked for -Verbose or -Debug), so a batch of a million rows queues nothing by default.
        /// </summary>
        public bool TryTakeMessage(out LookupMessage message) => _run.TryTakeMessage(out message);

        /// <summary>The tenant the batch runs for: the target of a batch error that came before any task existed.</summary>
        public string Tenant => _run.Options.Tenant;

        /// <summary>
        /// Completes once the batch has its task (true) or has gone through its input without needing one (false: all
        /// cached, invalid or stopped first); an -AsJob job waits for it so that its TaskId is set when it is returned.
        /// </summary>
        public Task<bool> TaskDecided => _run.TaskDecided;

        /// <summary>Named sections that no indicator of the batch could take (they were not requested); null when none.</summary>
        public string? NotApplicableSectionsMessage
            => _run.Options.SectionsByType != null ? null // a restart or update asks each type for its own
                : SectionNames.NotApplicableMessage(_run.Options.Sections, _run.TypesSeen());

        public LookupProgress Progress => new LookupProgress
        {
            Rows = Volatile.Read(ref _run.Rows),
            Completed = Volatile.Read(ref _run.Taken),
            Cached = Volatile.Read(ref _run.Cached),
            Requested = Volatile.Read(ref _run.Requested),
            Failed = Volatile.Read(ref _run.Failed),
            NotRequested = Volatile.Read(ref _run.NotRequestedCount),
            Invalid = Volatile.Read(ref _run.Invalid),
        };

        /// <summary>Queues one row. Never blocks; see <see cref="Outstanding"/>.</summary>
        public void Add(LookupRequest request)
        {
            if (_completed) throw new InvalidOperationException("The batch is complete; no rows can be added.");
            var slot = new RowSlot(request);
            _output.Enqueue(slot);
            _dispatcher.Add(slot);
        }

        /// <summary>No more rows will come.</summary>
        public void Complete()
        {
            _completed = true;
            _dispatcher.Complete();
        }

        /// <summary>The next output in input order, when it is ready.</summary>
        public bool TryTake(out LookupOutput output)
        {
            if (_output.TryTake(out output)) return true;
            var crash = _dispatcher.Crash;
            if (crash != null && _run.Finished) throw new InvalidOperationException("The lookup failed: " + crash.Message, crash);
            return false;
        }

        /// <summary>Waits until something may be ready to take (or <paramref name="timeout"/> passes). Throws when cancelled.</summary>
        public void WaitForOutput(TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (_output.HeadReady || IsFinished) return;
            _run.WaitChanged(timeout, cancellationToken);
        }

        /// <summary>The async form of <see cref="WaitForOutput"/>.</summary>
        public Task WaitForOutputAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (_output.HeadReady || IsFinished) return System.Threading.Tasks.Task.CompletedTask;
            return _run.WaitChangedAsync(timeout, cancellationToken);
        }

        /// <summary>
        /// Stops requesting (Stop-TipTask, Stop-Job): in-flight requests are cancelled, their items stay pending.
        /// A batch that is already over (or disposed) has nothing to stop: its stop reason stays as it ended.
        /// </summary>
        public void Cancel()
        {
            // A stop may find this session (RunningTasks, a job) just as it ends and its owner disposes it.
            if (_run.Finished || Volatile.Read(ref _run.Disposed) != 0) return;
            _run.SetStop(LookupStopReason.Cancelled, "The task was stopped.");
            try
            {
                _run.Cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Disposed between the check and here: the batch is over.
            }
        }

        /// <summary>Completes when the batch is over and the task record final (outputs may still wait to be taken).</summary>
        public Task Completion => _completion;

        /// <summary>Stops the batch if it still runs, waits for it, and releases its cancellation source (unlinking it from the caller's token). Safe to call twice.</summary>
        public void Dispose()
        {
            if (Volatile.Read(ref _run.Disposed) != 0) return;
            if (!_run.Finished) Cancel();
            try { _completion.Wait(TimeSpan.FromSeconds(30)); }
            catch (AggregateException) { }
            if (Interlocked.Exchange(ref _run.Disposed, 1) != 0) return;
            // A dispatcher still stuck after the wait (a write waiting on another process's lock) reads the token yet:
            // its source goes when the dispatcher does, not under it.
            if (_completion.IsCompleted) _run.Cancel.Dispose();
            else _completion.ContinueWith(_ => _run.Cancel.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        internal static string IncompleteInputMessage(TipTask task) => TaskRecord.IncompleteInputMessage(task);

        private void OnRetrying(TipRetryEventArgs e)
        {
            try
            {
                Retrying?.Invoke(this, e);
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                // A listener that failed (its output closed) must not fail the request it only watches.
            }
        }
    }
}
