using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace KumaTip.Core.Lookups.Stages
{
    /// <summary>
    /// Moves rows through the stages on one thread of its own: reads the inbox in batches (so a burst of cached rows
    /// costs one database read, not one each), then parse and de-duplicate → cache → task items → request. It blocks
    /// on the database and on free request slots, so it is not a pool thread: the answers' continuations need those.
    /// When the input ends (or the batch stops) it waits for the answers to be stored and writes the task's end.
    /// </summary>
    internal sealed class LookupDispatcher
    {
        private const int BatchSize = 2000;

        private readonly LookupRun _run;
        private readonly OrderedOutput _output;
        private readonly ParseStage _parse;
        private readonly DeduplicateStage _dedupe;
        private readonly CacheStage _cache;
        private readonly TaskItemStage _items;
        private readonly RequestStage _requests;
        private readonly AnswerStoreStage _store;
        private readonly TaskRecord _record;
        // Rows are never refused here: the caller bounds them (rows added and not taken), see LookupFeed.
        private readonly Channel<RowSlot> _inbox = Channel.CreateUnbounded<RowSlot>(new UnboundedChannelOptions { SingleReader = true });
        private readonly object _gate = new object();
        private bool _closed; // the dispatcher reads no more (it stopped): late rows are answered as they come; guarded by _gate

        public LookupDispatcher(LookupRun run, OrderedOutput output, ParseStage parse, DeduplicateStage dedupe, CacheStage cache, TaskItemStage items,
            RequestStage requests, AnswerStoreStage store, TaskRecord record)
        {
            _run = run;
            _output = output;
            _parse = parse;
            _dedupe = dedupe;
            _cache = cache;
            _items = items;
            _requests = requests;
            _store = store;
            _record = record;
        }

        /// <summary>What made the batch fail outright (a bug, not a lookup error); rows without an output got it as their error.</summary>
        public Exception? Crash { get; private set; }

        public Task Start() => Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        /// <summary>Queues a row; never blocks. A repeat of a spelling seen is answered at once; after a stop the row is answered here.</summary>
        public void Add(RowSlot slot)
        {
            if (_dedupe.TryAttachKnownValue(slot)) return;
            lock (_gate)
            {
                if (!_closed && _inbox.Writer.TryWrite(slot)) return;
            }
            // Stopped and the dispatcher is gone: answer here, or the caller would wait for this row forever.
            AnswerLate(slot);
        }

        /// <summary>No more rows will come.</summary>
        public void Complete() => _inbox.Writer.TryComplete();

        private void Run()
        {
            try
            {
                ReadInbox();
                _run.WorkDone();
                _run.WorkDrained.GetAwaiter().GetResult();
                // A hung writer holds the database: the task stays as it is and shows Abandoned once this process ends.
                if (!_store.IsHung)
                {
                    try
                    {
                        _record.Finish();
                    }
                    catch (Exception ex) when (_run.StorageFailure != null && !(ex is OutOfMemoryException))
                    {
                        // The store took no more writes: the task keeps its last state; the storage error says why.
                    }
                }
            }
            catch (Exception ex)
            {
                Crash = ex;
                _output.FailEverything(ex);
            }
            finally
            {
                _run.DecideTask(false);
                // However the dispatcher ended (a crash too), rows that still come are answered by Add from now on.
                lock (_gate) _closed = true;
                while (_inbox.Reader.TryRead(out var left))
                {
                    if (left.Output == null) AnswerLate(left);
                }
                try
                {
                    _store.CompleteAndJoin();
                }
                catch (Exception ex)
                {
                    Crash ??= ex;
                }
                if (_run.Task != null) RunningTasks.Remove(_run.Service.Store.Identity, _run.Task.Id);
                _requests.Dispose();
                _run.Finished = true;
                _run.Signal();
            }
        }

        private void ReadInbox()
        {
            var reader = _inbox.Reader;
            var batch = new List<RowSlot>(BatchSize);
            while (true)
            {
                batch.Clear();
                while (batch.Count < BatchSize && reader.TryRead(out var slot)) batch.Add(slot);
                if (batch.Count > 0)
                {
                    Dispatch(batch);
                    continue;
                }
                if (reader.Completion.IsCompleted)
                {
                    _record.MarkInputRecorded();
                    return;
                }
                if (_run.Token.IsCancellationRequested)
                {
                    // Stopped: rows may still arrive (Stop-TipTask does not stop the pipeline feeding us); from now on
                    // Add answers them itself, so the batch can finish instead of waiting for them forever.
                    lock (_gate)
                    {
                        if (reader.TryPeek(out _)) continue;
                        _closed = true;
                    }
                    return;
                }
                try
                {
                    reader.WaitToReadAsync(_run.Token).AsTask().GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                    // Stopped: every row still queued is recorded and answered "not requested".
                }
            }
        }

        private void Dispatch(List<RowSlot> batch)
        {
            var fresh = _dedupe.Group(batch);
            if (fresh.Count == 0) return;
            if (_store.IsHung)
            {
                // The database is held by a write that never returned: nothing can be read or recorded any more.
                foreach (var entry in fresh) _run.NotRequested(entry);
                return;
            }
            var misses = _cache.Answer(fresh);
            if (misses.Count == 0) return;
            _requests.Open();
            _run.CheckRoom();
            // After a stop (Ctrl+C, Stop-TipTask) the rows already received are still recorded, not bought.
            _items.Begin(misses, store: !_run.IsRestart && (_requests.IsOpen || _run.StopReason == LookupStopReason.Cancelled));
            for (var i = 0; i < misses.Count; i++)
            {
                var entry = misses[i];
                _items.EnsureStored(i);
                if (_run.StopReason != LookupStopReason.None)
                {
                    if (_run.StopReason == LookupStopReason.Cancelled) _items.StoreAll();
                    _run.NotRequested(entry);
                    continue;
                }
                if (!_requests.TrySend(entry))
                {
                    _run.NotRequested(entry);
                    continue;
                }
                _dedupe.MarkRequested(entry.Key);
            }
        }

        /// <summary>A row added after the dispatcher stopped: the answer it already has, the cache's, or "not requested".</summary>
        private void AnswerLate(RowSlot slot)
        {
            lock (_dedupe.Gate)
            {
                if (!_parse.TryResolve(slot, out var indicator)) return;
                var entry = _dedupe.AttachLate(slot, indicator);
                if (entry == null) return;
                var hit = _cache.FindForLateRow(indicator);
                if (hit != null)
                {
                    Interlocked.Increment(ref _run.Cached);
                    entry.Complete(LookupOutcome.Result, hit, null, null);
                    _run.Signal();
                    return;
                }
                _run.NotRequested(entry);
            }
        }
    }
}
