using System;
using System.Management.Automation;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;

namespace KumaTip.PowerShell.Support
{
    /// <summary>
    /// Base of the cmdlets that run lookup batches (Invoke-TipLookup, Update-TipLookup). Rows are fed to one streaming
    /// <see cref="LookupSession"/> through Core's <see cref="LookupFeed"/> (the same loop -AsJob and Restart-TipTask use)
    /// as the pipeline delivers them; outputs, Verbose/Debug lines and progress come back on this thread, in input order.
    /// The feed waits only when too many rows are in hand (bounded memory) and at the end; those waits are the cmdlets'
    /// one sync-over-async edge, and Ctrl+C ends them.
    /// </summary>
    public abstract class LookupCmdlet : LookupEnvironmentCmdlet
    {
        private LookupSession? _session;
        private LookupFeed? _feed;
        private string? _tenant;
        private LookupRowWriter? _writer;

        internal void StartSession(LookupOptions options, bool passThru)
        {
            _writer = new LookupRowWriter(passThru, WriteObject, WriteError);
            _tenant = options.Tenant;
            // -PassThru writes flat columns: a body would only be held until the row is written.
            options.BodiesOnDemand = passThru;
            options.Diagnostics = DiagnosticsWanted();
            _session = Environment.Service.Start(options, StopToken);
            _feed = new LookupFeed(_session, _writer.Write, StopToken)
            {
                OnMessage = message =>
                {
                    if (message.Debug) WriteDebug(message.Text);
                    else WriteVerbose(message.Text);
                },
                OnProgress = progress =>
                {
                    var record = new ProgressRecord(1, Activity, Status(progress));
                    if (progress.Rows > 0) record.PercentComplete = Math.Min(100, progress.Completed * 100 / progress.Rows);
                    WriteProgress(record);
                },
            };
        }

        internal void Feed(LookupRequest request)
        {
            // Inline, not through Stoppable: this runs once per row.
            try
            {
                _feed!.Add(request);
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }

        internal void FinishSession()
        {
            var session = _session!;
            Stoppable(() => _feed!.Finish());
            _writer!.Finish(session, WriteWarning);
            WarnAboutTokenExpiry();
            var progress = session.Progress;
            WriteProgress(new ProgressRecord(1, Activity, Status(progress)) { RecordType = ProgressRecordType.Completed });
            if (session.Task != null) WriteVerbose("Task " + session.Task.Id + ": " + session.Task.Status + " (" + session.Task.Done + " done, " + session.Task.Failed + " failed, " + session.Task.Pending + " pending).");
        }

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

        /// <summary>-Section or -MaxRecords on a tenant whose service takes neither (OpenTIP): one terminating error, nothing sent.</summary>
        internal void RefuseParametersTheServiceLacks(LookupOptions options, bool sectionGiven, bool maxRecordsGiven)
        {
            var refusal = ServiceParameters.Refusal(options.Service, options.Tenant, sectionGiven, maxRecordsGiven);
            if (refusal != null)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(refusal), "TipParameterNotForService", ErrorCategory.InvalidArgument, options.Tenant));
            }
        }

        /// <summary>Ctrl+C ends the feed's waits: the pipeline stops (the session leaves its task Cancelled).</summary>
        private static void Stoppable(Action work)
        {
            try
            {
                work();
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }

        private string Activity => MyInvocation.MyCommand.Name;

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

        private static string Status(LookupProgress p)
            => p.Completed + " of " + p.Rows + " row(s): " + p.Cached + " cached, " + p.Requested + " requested" +
               (p.Failed > 0 ? ", " + p.Failed + " failed" : "") + (p.NotRequested > 0 ? ", " + p.NotRequested + " not requested" : "") +
               (p.Invalid > 0 ? ", " + p.Invalid + " invalid" : "");

        public override void Dispose()
        {
            _session?.Dispose();
            _session = null;
            _feed = null;
            base.Dispose();
        }
    }
}
