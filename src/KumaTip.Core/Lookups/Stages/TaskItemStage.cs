using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Lookups.Stages
{
    /// <summary>
    /// Stores every miss as a Pending item of the task (created with the first) before its request may go: a crash
    /// from then on leaves a task that Restart-TipTask finishes. The first ThrottleLimit items are stored at once; each
    /// later chunk (twice the one before) is stored on another thread while the requests of the chunk before it go
    /// out, so neither the first request nor a freed slot waits for inserts. One dispatcher thread calls it.
    /// </summary>
    internal sealed class TaskItemStage
    {
        private readonly LookupRun _run;
        private readonly AnswerStoreStage _store;
        private readonly Action<TipTask> _created;
        private List<IndicatorEntry> _misses = new List<IndicatorEntry>();
        private bool _storing;
        private int _stored; // _misses[0.._stored) are stored
        private int _chunk;
        private Task<int>? _storingNext; // stores the next chunk; its result is the end of that chunk

        /// <param name="run">The batch.</param>
        /// <param name="store">Bounds the item writes like the answers' (a commit on a full disk may never return).</param>
        /// <param name="created">Called with the task when the first item creates it (Stop-TipTask finds it from then on).</param>
        public TaskItemStage(LookupRun run, AnswerStoreStage store, Action<TipTask> created)
        {
            _run = run;
            _store = store;
            _created = created;
        }

        /// <summary>Takes the next misses to record; <paramref name="store"/> false records nothing (a restart's items exist, no client).</summary>
        public void Begin(List<IndicatorEntry> misses, bool store)
        {
            _misses = misses;
            _storing = store;
            _stored = 0;
            _chunk = Math.Max(1, _run.Options.ThrottleLimit);
            _storingNext = null;
        }

        /// <summary>Returns once misses[index] is stored (storing its chunk, and starting the next one's, when it is the first of one).</summary>
        public void EnsureStored(int index)
        {
            if (!_storing || index != _stored) return;
            if (_storingNext == null)
            {
                _stored = Store(index, Math.Min(_misses.Count - index, _chunk));
            }
            else
            {
                _stored = _storingNext.GetAwaiter().GetResult();
                _storingNext = null;
            }
            if (_stored < _misses.Count)
            {
                _chunk *= 2;
                var from = _stored;
                var count = Math.Min(_misses.Count - from, _chunk);
                _storingNext = Task.Factory.StartNew(() => Store(from, count), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
        }

        /// <summary>After a stop (Ctrl+C, Stop-TipTask) the rest are still recorded, not bought: "Restart-TipTask finishes it" must be true.</summary>
        public void StoreAll()
        {
            if (!_storing || _stored >= _misses.Count) return;
            if (_storingNext != null)
            {
                _stored = _storingNext.GetAwaiter().GetResult();
                _storingNext = null;
            }
            if (_stored < _misses.Count) _stored = Store(_stored, _misses.Count - _stored);
        }

        /// <summary>Stores misses[from..from+count) as Pending items; returns the end. Items that cannot be recorded stop the batch.</summary>
        private int Store(int from, int count)
        {
            var items = CacheStage.Indicators(_misses.GetRange(from, count));
            var service = _run.Service;
            // A write that never returned holds the data file: these cannot be recorded (nor are they bought). After the room
            // check alone stopped the buying they still are: the reserve is there for them.
            if (_store.IsHung) return from + count;
            try
            {
                // Bounded: LiteDB can wait for ever in a commit on a full disk (#2821); then the batch stops buying and
                // the dispatcher goes on answering rows instead of hanging with it.
                _store.Bounded(() =>
                {
                    service.WithDatabase(() =>
                    {
                        if (_run.Task == null)
                        {
                            var task = service.Tasks.Create(_run.Options);
                            _run.Task = task;
                            _created(task);
                        }
                        _run.DecideTask(true);
                        service.Tasks.AddItems(_run.Task.Id, items, Volatile.Read(ref _run.Rows));
                    });
                    return (object)items;
                });
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                // Items that cannot be recorded must not be bought: a crash would lose them without a trace.
                _run.FailStorage(ex as TipStorageException ?? new TipStorageException(service.StorePlace, TipStorageProblem.WriteFailed,
                    "The lookup's task items could not be written to " + service.StoreName + ": " + ex.Message +
                    " Nothing was bought for them.", ex));
            }
            return from + count;
        }
    }
}
