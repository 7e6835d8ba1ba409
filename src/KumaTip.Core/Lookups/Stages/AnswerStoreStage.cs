using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using KumaTip.Core.Stores;
using KumaTip.Core.Api;
using KumaTip.Core.Indicators;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Lookups.Stages
{
    /// <summary>
    /// Stores finished lookups in groups (answer in the cache, request in the ledger, item state in the task: one
    /// transaction per group) and only then hands them out, so what a caller sees is what a crash keeps. Runs on its own
    /// thread: a commit blocks (file lock, fsync) and must hold neither a throttle slot nor a pool thread.
    /// <para>
    /// Every write is bounded: LiteDB 5.0.20's disk writer can wait on itself for ever when a write fails (a full disk,
    /// #2821). A group that has not returned within <see cref="LookupService.StorageTimeout"/> is given up: its answers
    /// (and every later one) go out from memory, unstored, and the batch stops buying.
    /// </para>
    /// </summary>
    internal sealed class AnswerStoreStage
    {
        private static readonly TimeSpan GroupWait = TimeSpan.FromMilliseconds(20);
        private static readonly TimeSpan[] WriteRetryDelays = { TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(1) };

        private readonly LookupRun _run;
        private readonly Action _stopAsked;
        // Unbounded by type, bounded in fact: at most ThrottleLimit requests (plus a restart's cached items) reach it.
        private readonly Channel<StoreWork> _queue = Channel.CreateUnbounded<StoreWork>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
        private readonly object _abandonGate = new object();
        private readonly Task _writer;
        private volatile bool _hung;
        private long _writeStarted; // ticks (UTC) when the current group began; 0 when none runs
        private List<StoreWork>? _writing; // the group being written; whoever takes it (writer or watchdog) hands it out

        /// <param name="run">The batch.</param>
        /// <param name="stopAsked">Called when a write finds Stop-TipTask's flag on the task.</param>
        public AnswerStoreStage(LookupRun run, Action stopAsked)
        {
            _run = run;
            _stopAsked = stopAsked;
            _writer = Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            _ = Task.Run(WatchWritesAsync);
        }

        /// <summary>A write never returned: the writer is given up and holds the database; nothing more is read or written.</summary>
        public bool IsHung => _hung;

        public void Enqueue(StoreWork work)
        {
            if (!_queue.Writer.TryWrite(work) || _hung) DrainAbandoned();
        }

        /// <summary>No more work will come; waits for the writer to store what it has (unless it hung).</summary>
        public void CompleteAndJoin()
        {
            _queue.Writer.TryComplete();
            // The watchdog may give the writer up while we wait: then it never ends, and nothing is left to wait for.
            while (!_hung)
            {
                if (((IAsyncResult)_writer).AsyncWaitHandle.WaitOne(TimeSpan.FromMilliseconds(250)))
                {
                    _writer.GetAwaiter().GetResult();
                    return;
                }
            }
        }

        /// <summary>
        /// Runs one of the batch's own writes (the task's last update) under the same bound as the writer's groups:
        /// null when it has not returned in time (then the writer counts as hung).
        /// </summary>
        public T? Bounded<T>(Func<T> write) where T : class
        {
            var run = Task.Factory.StartNew(write, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            if (((IAsyncResult)run).AsyncWaitHandle.WaitOne(_run.Service.StorageTimeout)) return run.GetAwaiter().GetResult();
            Abandon();
            return null;
        }

        private void WriteLoop()
        {
            var reader = _queue.Reader;
            var batch = new List<StoreWork>();
            while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                batch.Clear();
                Take(batch);
                // More answers are on their way: let them join this group, since a commit (file lock, fsync) costs about
                // the same for one answer as for twenty. Only outputs wait; requests go on meanwhile.
                if (batch.Count > 0 && _run.WorkInFlight > batch.Count + 1)
                {
                    Thread.Sleep(GroupWait);
                    Take(batch);
                }
                if (batch.Count == 0) continue;
                // Stop buying before the disk is full, while the answers in hand still fit: they are written below.
                _run.CheckRoom();
                var group = new List<StoreWork>(batch);
                Volatile.Write(ref _writing, group);
                Volatile.Write(ref _writeStarted, DateTime.UtcNow.Ticks);
                var failure = TryWrite(batch);
                Volatile.Write(ref _writeStarted, 0);
                // The watchdog took the group while the write hung: it has been handed out already.
                if (Interlocked.CompareExchange(ref _writing, null, group) != group) continue;
                if (failure != null)
                {
                    // Still not stored after the retries: nothing more is bought into a store that does not take it.
                    _run.FailStorage(new TipStorageException(_run.Service.StorePlace, TipStorageProblem.WriteFailed,
                        "Answers could not be written to " + _run.Service.StoreName + ": " + failure.Message +
                        " Nothing more is bought in this run; what was bought is returned, and the rest stays pending" + _run.TaskHint() + ".", failure));
                    CompleteUnstored(batch, failure.Message);
                    continue;
                }
                HandOut(batch);
            }
        }

        private void Take(List<StoreWork> batch)
        {
            while (_queue.Reader.TryRead(out var work)) batch.Add(work);
        }

        /// <summary>Stored: the rows waiting get the answer as received; later duplicates get it without its body.</summary>
        private void HandOut(List<StoreWork> batch)
        {
            foreach (var c in batch)
            {
                if (c.Result != null)
                {
                    if (!c.FromCache) Interlocked.Increment(ref _run.Requested);
                    // Stored, its body can stay in the cache for the duplicates that come later: a batch remembering
                    // thousands of answers holds summaries, not bodies.
                    var forLater = c.FromCache ? null : _run.Service.Cache.WithoutBody(c.Result);
                    _run.Complete(c.Entry, LookupOutcome.Result, _run.Options.BodiesOnDemand ? forLater ?? c.Result : c.Result, null, null, forLater);
                }
                else
                {
                    Interlocked.Increment(ref _run.Failed);
                    _run.Complete(c.Entry, LookupOutcome.Error, null, c.Error, c.Reason);
                }
                _run.WorkDone();
            }
            _run.Signal();
        }

        /// <summary>
        /// Hands out answers that could not be stored: a paid answer is returned all the same (it was bought) and counted
        /// for one warning; its item stays pending, which is the truth: a restart asks again. A failure keeps its error.
        /// </summary>
        private void CompleteUnstored(List<StoreWork> batch, string reason)
        {
            foreach (var c in batch)
            {
                if (c.Result != null)
                {
                    if (!c.FromCache) Interlocked.Increment(ref _run.Requested);
                    Interlocked.Increment(ref _run.Unstored);
                    _run.UnstoredReason ??= reason;
                    _run.Complete(c.Entry, LookupOutcome.Result, c.Result, null, null);
                }
                else
                {
                    Interlocked.Increment(ref _run.Failed);
                    _run.Complete(c.Entry, LookupOutcome.Error, null, c.Error, c.Reason);
                }
                _run.WorkDone();
            }
            _run.Signal();
        }

        private async Task WatchWritesAsync()
        {
            while (!_run.Finished && !_hung)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250)).ConfigureAwait(false);
                var started = Volatile.Read(ref _writeStarted);
                if (started != 0 && DateTime.UtcNow.Ticks - started > _run.Service.StorageTimeout.Ticks) Abandon();
            }
        }

        private void Abandon()
        {
            _hung = true;
            var service = _run.Service;
            _run.FailStorage(new TipStorageException(service.StorePlace, TipStorageProblem.WriteHung,
                "A write to " + service.StoreName + " did not finish within " + service.StorageTimeout.TotalSeconds +
                (service.Store.LocalDirectory != null ? " s: the disk is full or the data file is stuck." : " s: the server is down, unreachable or stuck.") + " Nothing more is bought in this run; what was bought is returned, and the rest stays pending" + _run.TaskHint() +
                (service.Store.LocalDirectory != null ? ". Free space or end the process that holds the file, then restart the task." : ". Once the server answers again, restart the task.")));
            var stuck = Interlocked.Exchange(ref _writing, null);
            if (stuck != null) CompleteUnstored(stuck, _run.StorageFailure!.Message);
            DrainAbandoned();
        }

        private void DrainAbandoned()
        {
            lock (_abandonGate)
            {
                var left = new List<StoreWork>();
                while (_queue.Reader.TryRead(out var w)) left.Add(w);
                if (left.Count > 0) CompleteUnstored(left, _run.StorageFailure?.Message ?? "the data directory does not take writes");
            }
        }

        /// <summary>Stores a group, retrying a few times (another process may hold the file's lock); null when stored, else the last failure.</summary>
        private Exception? TryWrite(List<StoreWork> batch)
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    Write(batch);
                    return null;
                }
                catch (Exception ex) when (!(ex is OutOfMemoryException))
                {
                    if (attempt >= WriteRetryDelays.Length) return ex;
                    Thread.Sleep(WriteRetryDelays[attempt]);
                }
            }
        }

        /// <summary>
        /// The group's LicenseInfo: the one with the highest count (same quota). It is stored with the group's ledger rows,
        /// so it must cover each of them: every answer's count includes the answer's own request.
        /// </summary>
        private static TipLicenseInfo? Highest(TipLicenseInfo? kept, TipLicenseInfo? next)
        {
            if (next == null) return kept;
            if (kept == null || kept.DayQuota != next.DayQuota) return next;
            return (next.DayRequests ?? 0) >= (kept.DayRequests ?? 0) ? next : kept;
        }

        private static IEnumerable<TipIndicator> Bought(List<StoreWork> batch)
        {
            foreach (var c in batch)
            {
                if (!c.FromCache) yield return c.Entry.Indicator;
            }
        }

        private void Write(List<StoreWork> batch)
        {
            TipLicenseInfo? license = null;
            var stopAsked = false;
            var service = _run.Service;
            var tenant = _run.Options.Tenant;
            var task = _run.Task;
            var now = service.UtcNow;
            service.WithDatabase(() => service.Store.InTransaction(() =>
            {
                service.BeforeWriteForTests?.Invoke();
                var changes = new List<(TipIndicator, TaskItemState, string?)>(batch.Count);
                foreach (var c in batch)
                {
                    if (c.Result != null)
                    {
                        if (!c.FromCache)
                        {
                            service.Cache.Put(c.Result);
                            service.Ledger?.RecordRequest(tenant, c.Entry.Indicator, task!.Id, c.StatusCode, now);
                        }
                        changes.Add((c.Entry.Indicator, TaskItemState.Done, null));
                    }
                    else
                    {
                        changes.Add((c.Entry.Indicator, TaskItemState.Failed, c.Reason));
                    }
                    license = Highest(license, c.License);
                }
                if (task != null) stopAsked = service.Tasks.RecordItems(task.Id, changes);
                // Bought (or failed) and stored: other processes waiting for these stop waiting.
                if (_run.UsesCache) service.Store.Claims?.Release(tenant, Bought(batch), _run.Options.Service, task?.Id);
                if (license != null) service.Ledger?.RecordLicense(tenant, license, now);
            }));
            if (stopAsked) _stopAsked();
        }
    }
}
