using System;
using System.Threading;
using System.Threading.Tasks;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Lookups.Stages
{
    /// <summary>
    /// The task's own record over the batch: its heartbeat and Stop-TipTask's flag while it runs, "input recorded"
    /// once every row is answered or an item, and its final status and message at the end.
    /// </summary>
    internal sealed class TaskRecord
    {
        private readonly LookupRun _run;
        private readonly AnswerStoreStage _store;

        public TaskRecord(LookupRun run, AnswerStoreStage store)
        {
            _run = run;
            _store = store;
        }

        // Stop-TipTask from another process can only leave a flag in the task record; look for it now and then,
        // and let the heartbeat show the task is alive.
        public async Task PollStopAsync(Action stop)
        {
            var token = _run.Token;
            while (!_run.Finished)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                var task = _run.Task;
                if (task == null || _run.Finished) continue;
                try
                {
                    var received = _run.IsRestart ? 0 : Volatile.Read(ref _run.Rows);
                    if (_run.Service.WithDatabase(() => _run.Service.Tasks.Heartbeat(task.Id, received))) stop();
                }
                catch (Exception ex) when (!(ex is OutOfMemoryException))
                {
                    // A busy or briefly locked file: try again next time.
                }
            }
        }

        /// <summary>
        /// The input has ended and every row of it is answered or recorded as an item: from now on a kill loses nothing
        /// that a restart cannot finish. Until this is written, a task whose process died says its input is incomplete.
        /// </summary>
        public void MarkInputRecorded()
        {
            var task = _run.Task;
            if (task == null || _run.IsRestart) return;
            // A store that already failed (a full disk) is not written again: LiteDB 5.0.20 can hang for ever in the
            // commit of a write that fails for lack of space (#2821). The task then keeps saying its input may be
            // incomplete, the cautious reading.
            _run.CheckRoom();
            if (_run.StorageFailure != null) return;
            var received = Volatile.Read(ref _run.Rows);
            var service = _run.Service;
            try
            {
                _store.Bounded(() => { service.WithDatabase(() => service.Tasks.MarkInputComplete(task.Id, received)); return (object)task; });
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                _run.FailStorage(ex as TipStorageException ?? new TipStorageException(service.StorePlace, TipStorageProblem.WriteFailed,
                    service.StoreName + " did not take the task's last update: " + ex.Message, ex));
            }
        }

        /// <summary>Writes the task's final status and message; the stop message then says what stays pending.</summary>
        public void Finish()
        {
            if (_run.Task == null) return;
            var id = _run.Task.Id;
            var service = _run.Service;
            var final = _store.Bounded(() => service.WithDatabase(() =>
            {
                var current = service.Tasks.Get(id)!;
                var (status, message) = FinalState(current, id);
                if (_run.IsRestart && !current.InputComplete)
                {
                    // The run that created the task was killed before it had recorded all of its input: finishing the
                    // recorded items does not make the task complete, and saying Completed would hide the lost rows.
                    if (status == TipTaskStatus.Completed) status = TipTaskStatus.PartiallyCompleted;
                    message = IncompleteInputMessage(current) + (message == null ? "" : " " + message);
                }
                return service.Tasks.Finish(id, status, message);
            }));
            if (final == null) return; // the write never returned: the task shows Abandoned once this process ends
            _run.Task = final;
            if (_run.StopReason == LookupStopReason.QuotaSpent) _run.StopMessage = QuotaMessage(final.Pending, id);
            if (_run.StopReason == LookupStopReason.CapReached) _run.StopMessage = CapMessage(final.Pending, id);
        }

        private (TipTaskStatus, string?) FinalState(TipTask current, int id)
        {
            var partly = current.Done > 0 ? TipTaskStatus.PartiallyCompleted : TipTaskStatus.Failed;
            switch (_run.StopReason)
            {
                case LookupStopReason.Cancelled:
                    return (TipTaskStatus.Cancelled, current.Pending > 0 ? current.Pending + " item(s) pending; Restart-TipTask -Id " + id + " finishes them." : null);
                case LookupStopReason.Refused:
                    return (TipTaskStatus.Failed, _run.StopMessage);
                case LookupStopReason.StorageFailed:
                case LookupStopReason.Unreachable:
                    return (partly, current.Pending + " item(s) pending: " + _run.StopMessage);
            }
            if (current.Pending > 0)
            {
                return (partly, _run.StopReason == LookupStopReason.QuotaSpent ? QuotaMessage(current.Pending, id)
                    : _run.StopReason == LookupStopReason.CapReached ? CapMessage(current.Pending, id)
                    : current.Pending + " item(s) pending; Restart-TipTask -Id " + id + " finishes them.");
            }
            if (current.Failed > 0) return (partly, current.Failed + " item(s) failed; Restart-TipTask -Id " + id + " tries them again.");
            return (TipTaskStatus.Completed, null);
        }

        internal static string IncompleteInputMessage(TipTask task)
            => "The run that created task " + task.Id + " ended before it had recorded all of its input: " + task.Received +
               " row(s) had reached it and " + task.Total + " indicator(s) were recorded to look up (cached answers and repeated values are not recorded). " +
               "Rows after those were never looked up: run the same input again (what is cached costs nothing).";

        private string CapMessage(int pending, int taskId)
            => "-MaxRequests " + _run.Options.MaxRequests + " was reached: " + pending + " indicator(s) were not requested and stay pending in task " + taskId +
               ". Restart-TipTask -Id " + taskId + " requests them (give it -MaxRequests to cap that run too).";

        private static string QuotaMessage(int pending, int taskId)
            => pending == 0
                ? "The day quota is now spent (by the last request of task " + taskId + "); nothing is pending. New lookups are answered from the cache only until the quota resets."
                : "The day quota is spent: " + pending + " indicator(s) were not requested and stay pending in task " + taskId +
               ". Restart-TipTask -Id " + taskId + " requests them after the quota resets; nothing already answered is bought again.";
    }
}
