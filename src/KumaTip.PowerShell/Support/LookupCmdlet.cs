using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;

namespace KumaTip.PowerShell.Support
{
    /// <summary>
    /// Base of the cmdlets that run lookup batches (Invoke-TipLookup, Update-TipLookup). Rows are fed to one streaming
    /// <see cref="LookupSession"/> as the pipeline delivers them and outputs are written as soon as they are ready, in
    /// input order. The pipeline thread waits on the session only when too many rows are in hand (bounded memory)
    /// and at the end; those waits are the cmdlets' one sync-over-async edge, and Ctrl+C ends them.
    /// </summary>
    public abstract class LookupCmdlet : LookupEnvironmentCmdlet
    {
        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

        private LookupSession? _session;
        private string? _tenant;
        private LookupRowWriter? _writer;
        private DateTime _lastProgress;
        // Retries are reported on pool threads; this thread writes them with the outputs (within the 200 ms wait).
        private readonly ConcurrentQueue<string> _retries = new ConcurrentQueue<string>();

        internal void StartSession(LookupOptions options, bool passThru)
        {
            _writer = new LookupRowWriter(passThru, WriteObject, WriteError);
            _tenant = options.Tenant;
            // -PassThru writes flat columns: a body would only be held until the row is written.
            options.BodiesOnDemand = passThru;
            options.Diagnostics = DiagnosticsWanted();
            _session = Environment.Service.Start(options, StopToken);
            _session.Retrying += (_, e) => _retries.Enqueue(e.Message);
        }

        internal void Feed(LookupRequest request)
        {
            var session = _session!;
            session.Add(request);
            Drain();
            if (session.Outstanding < LookupService.Window) return;
            // Over the window: take outputs until half of it is free, so this thread and the worker do not alternate row by row.
            while (session.Outstanding > LookupService.Window / 2 && !session.IsFinished)
            {
                Wait();
                Drain();
            }
        }

        internal void FinishSession()
        {
            var session = _session!;
            session.Complete();
            while (!session.IsFinished)
            {
                Wait();
                Drain();
            }
            Drain();
            try
            {
                session.Completion.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            _writer!.Finish(session, WriteWarning);
            WarnAboutTokenExpiry();
            var progress = session.Progress;
            WriteProgress(new ProgressRecord(1, Activity, Status(progress)) { RecordType = ProgressRecordType.Completed });
            if (session.Task != null) WriteVerbose("Task " + session.Task.Id + ": " + session.Task.Status + " (" + session.Task.Done + " done, " + session.Task.Failed + " failed, " + session.Task.Pending + " pending).");
        }

        private string Activity => MyInvocation.MyCommand.Name;

        /// <summary>After the batch, when its answers (or earlier ones) say the connection's API token expires soon.</summary>
        private void WarnAboutTokenExpiry()
        {
            try
            {
                var warning = Environment.Service.WithDatabase(() => Environment.Workspace.TokenExpiry.WarningFor(_tenant!));
                if (warning != null) WriteWarning(warning);
            }
            catch (TipStorageException)
            {
                // Advice only: a data file that became busy must not turn a finished lookup into an error.
            }
        }

        /// <summary>-Verbose or -Debug given, or their preference variables set to show.</summary>
        private bool DiagnosticsWanted()
        {
            foreach (var name in new[] { "Verbose", "Debug" })
            {
                if (MyInvocation.BoundParameters.TryGetValue(name, out var given)) return ((SwitchParameter)given).IsPresent;
            }
            return Shows(GetVariableValue("VerbosePreference")) || Shows(GetVariableValue("DebugPreference"));
        }

        private static bool Shows(object? preference)
            => LanguagePrimitives.TryConvertTo(preference, out ActionPreference action) && action != ActionPreference.SilentlyContinue && action != ActionPreference.Ignore;

        private void Drain()
        {
            var session = _session!;
            while (_retries.TryDequeue(out var retry)) WriteVerbose(retry);
            while (session.TryTakeMessage(out var message))
            {
                if (message.Debug) WriteDebug(message.Text);
                else WriteVerbose(message.Text);
            }
            while (session.TryTake(out var output)) _writer!.Write(output);
            var now = DateTime.UtcNow;
            if (now - _lastProgress >= ProgressInterval)
            {
                _lastProgress = now;
                var progress = session.Progress;
                var record = new ProgressRecord(1, Activity, Status(progress));
                if (progress.Rows > 0) record.PercentComplete = Math.Min(100, progress.Completed * 100 / progress.Rows);
                WriteProgress(record);
            }
        }

        private static string Status(LookupProgress p)
            => p.Completed + " of " + p.Rows + " row(s): " + p.Cached + " cached, " + p.Requested + " requested" +
               (p.Failed > 0 ? ", " + p.Failed + " failed" : "") + (p.NotRequested > 0 ? ", " + p.NotRequested + " not requested" : "") +
               (p.Invalid > 0 ? ", " + p.Invalid + " invalid" : "");

        private void Wait()
        {
            try
            {
                _session!.WaitForOutput(TimeSpan.FromMilliseconds(200), StopToken);
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }

        public override void Dispose()
        {
            _session?.Dispose();
            _session = null;
            base.Dispose();
        }
    }
}
