using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using KumaTip.Core.Lookups;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Jobs
{
    /// <summary>
    /// A lookup batch run in the background (Invoke-TipLookup -AsJob): a real PowerShell job in the session's job
    /// repository, so Get-Job, Wait-Job, Receive-Job and Stop-Job work. Stop-Job cancels in-flight requests and leaves
    /// the task Cancelled with its items pending, exactly like Ctrl+C.
    /// </summary>
    public sealed class TipLookupJob : Job
    {
        private readonly IReadOnlyList<LookupRequest> _rows;
        private readonly LookupOptions _options;
        private readonly bool _passThru;
        private readonly string _dataDirectory;
        private readonly CancellationTokenSource _cancel = new CancellationTokenSource();
        private readonly ManualResetEventSlim _ended = new ManualResetEventSlim(false);

        internal TipLookupJob(string command, IReadOnlyList<LookupRequest> rows, LookupOptions options, bool passThru, string dataDirectory)
            : base(command, "TipLookup")
        {
            _rows = rows;
            _options = options;
            _passThru = passThru;
            options.BodiesOnDemand = passThru;
            _dataDirectory = dataDirectory;
            PSJobTypeName = "TipLookupJob";
        }

        // The running batch, for its task id; disposed and dropped when the run ends, so a finished job kept in the
        // job repository holds neither the batch's state nor a link to the job's cancellation source.
        private volatile LookupSession? _session;
        private volatile TipTask? _finishedTask;
        private volatile bool _disposed;

        /// <summary>The ThreatLookup task the job runs, once it made one (all cached = none); Stop-TipTask and Get-TipTask take it.</summary>
        public int? TaskId => _session?.Task?.Id ?? _finishedTask?.Id;

        public override string StatusMessage => TaskId.HasValue ? "Task " + TaskId : string.Empty;

        public override bool HasMoreData => Output.Count > 0 || Error.Count > 0 || Warning.Count > 0;

        public override string Location => System.Environment.MachineName;

        private readonly TaskCompletionSource<LookupSession> _sessionCreated = new TaskCompletionSource<LookupSession>(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Starts the run and returns once the job's TaskId is known (or the batch needs no task, or ended), so
        /// <c>Stop-TipTask $job.TaskId</c> works on the job Invoke-TipLookup -AsJob hands back.</summary>
        internal void Start()
        {
            SetJobState(JobState.Running);
            var run = Task.Run(RunAsync);
            var decided = _sessionCreated.Task.ContinueWith(t => t.Result.TaskDecided, CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default).Unwrap();
            // Bounded: a batch whose first miss is far down a cached list still returns its job.
            Task.WaitAny(new Task[] { decided, run }, TimeSpan.FromSeconds(30));
        }

        private async Task RunAsync()
        {
            var state = JobState.Completed;
            try
            {
                using var environment = LookupEnvironment.Open(_dataDirectory);
                var writer = new LookupRowWriter(_passThru, o => Output.Add(PSObject.AsPSObject(o)), e => Error.Add(e));
                var session = await environment.Service.RunAsync(_rows, _options, writer.Write, _cancel.Token, s =>
                {
                    _session = s;
                    // The job's verbose stream: Receive-Job shows each retry under -Verbose, as the cmdlet would.
                    s.Retrying += (_, e) => Verbose.Add(new VerboseRecord(e.Message));
                    _sessionCreated.TrySetResult(s);
                }).ConfigureAwait(false);
                writer.Finish(session, w => Warning.Add(new WarningRecord(w)));
                if (session.StopReason == LookupStopReason.Cancelled) state = JobState.Stopped;
            }
            catch (OperationCanceledException)
            {
                state = JobState.Stopped;
            }
            catch (Exception ex)
            {
                Error.Add(new ErrorRecord(ex, "TipLookupJobFailed", ErrorCategory.NotSpecified, (object?)TaskId ?? _options.Tenant));
                state = JobState.Failed;
            }
            finally
            {
                ReleaseSession();
                // The state first: Stop-Job returns when _ended is set and must find the job Stopped.
                SetJobState(state);
                _ended.Set();
            }
        }

        private void ReleaseSession()
        {
            var session = _session;
            if (session == null) return;
            // The id first, so TaskId never reads null in between.
            _finishedTask = session.Task;
            _session = null;
            session.Dispose();
        }

        /// <summary>Cancels the run and waits for it to end. A job that has ended (or was removed) has nothing to stop.</summary>
        public override void StopJob()
        {
            if (_disposed || _ended.IsSet) return;
            try
            {
                _cancel.Cancel();
                _ended.Wait(TimeSpan.FromSeconds(60));
            }
            catch (ObjectDisposedException)
            {
                // Removed (disposed) on another thread meanwhile: the run was stopped by that.
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_disposed)
            {
                // A job removed while it runs (Remove-Job -Force stops it first) stops its lookup rather than run on unread.
                StopJob();
                _disposed = true;
                // Still running after the wait: the run owns these until it ends, so they are left to it.
                if (_ended.IsSet)
                {
                    _cancel.Dispose();
                    _ended.Dispose();
                }
            }
            base.Dispose(disposing);
        }
    }
}
