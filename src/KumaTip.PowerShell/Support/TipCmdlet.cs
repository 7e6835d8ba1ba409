using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace KumaTip.PowerShell.Support
{
    /// <summary>
    /// Base for every KumaTip cmdlet. Async Core work runs off the pipeline thread; everything it wants
    /// to write is queued and written by the pipeline thread, because the engine's Write* methods may only
    /// be called from there. <see cref="StopProcessing"/> (Ctrl+C, Stop-Job) cancels the one token that
    /// every await down to the socket receives.
    /// </summary>
    public abstract class TipCmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private BlockingCollection<Action>? _writes;

        /// <summary>The tenant whose secrets, settings, cache, tasks and quota are used; Main when omitted. Tenant names compare without regard to case, and tab completion offers the tenants found in the data directory. Nothing reads across tenants, except that the task cmdlets (Get-, Receive-, Restart-, Stop-TipTask) see every tenant's tasks when -Tenant is omitted, and only that tenant's when it is given.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TenantCompleter))]
        public string Tenant { get; set; } = DefaultTenant;

        /// <summary>The tenant every object belongs to unless another is named.</summary>
        public const string DefaultTenant = "Main";

        /// <summary>Cancelled when the user presses Ctrl+C or the job is stopped.</summary>
        protected CancellationToken StopToken => _stopping.Token;

        protected override void StopProcessing()
        {
            _stopping.Cancel();
            base.StopProcessing();
        }

        /// <summary>
        /// Runs <paramref name="work"/> on the thread pool and drains its writes on the pipeline thread until
        /// it completes. This is the one sync-over-async edge of the module. Exceptions thrown by the work
        /// are rethrown here, on the pipeline thread.
        /// </summary>
        protected void RunAsync(Func<Task> work)
        {
            using var writes = new BlockingCollection<Action>();
            _writes = writes;
            Task task;
            try
            {
                task = Task.Run(async () =>
                {
                    try { await work().ConfigureAwait(false); }
                    finally { writes.CompleteAdding(); }
                });
                foreach (var write in writes.GetConsumingEnumerable())
                {
                    write();
                }
            }
            finally
            {
                _writes = null;
            }
            try
            {
                task.GetAwaiter().GetResult();
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException) && Core.Diagnostics.ModuleLoadException.From(ex) is { } loadFailure)
            {
                // A missing or clashing assembly is not the user's input or the portal: say what it is.
                ThrowTerminatingError(new ErrorRecord(loadFailure, Core.Diagnostics.ModuleLoadException.ErrorId, ErrorCategory.NotInstalled, MyInvocation.MyCommand.Name));
            }
        }

        /// <summary>Queues an action for the pipeline thread, or runs it at once when already there.</summary>
        protected void OnPipeline(Action write)
        {
            var writes = _writes;
            if (writes == null)
            {
                write();
            }
            else
            {
                writes.Add(write);
            }
        }

        /// <summary>Asks the pipeline thread a question (ShouldProcess and the like) from async work.</summary>
        protected Task<T> AskPipeline<T>(Func<T> question)
        {
            var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            OnPipeline(() =>
            {
                try { answer.SetResult(question()); }
                catch (Exception ex) { answer.SetException(ex); }
            });
            return answer.Task;
        }

        protected void QueueObject(object? item) => OnPipeline(() => WriteObject(item));
        protected void QueueError(ErrorRecord error) => OnPipeline(() => WriteError(error));
        protected void QueueWarning(string text) => OnPipeline(() => WriteWarning(text));
        protected void QueueVerbose(string text) => OnPipeline(() => WriteVerbose(text));
        protected void QueueDebug(string text) => OnPipeline(() => WriteDebug(text));
        protected void QueueProgress(ProgressRecord progress) => OnPipeline(() => WriteProgress(progress));

        /// <summary>A non-terminating error naming the offending value, with a specific id and category.</summary>
        protected static ErrorRecord Error(Exception exception, string errorId, ErrorCategory category, object? target)
            => new ErrorRecord(exception, errorId, category, target);
    }
}
