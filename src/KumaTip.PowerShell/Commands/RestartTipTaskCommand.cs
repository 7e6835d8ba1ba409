using System;
using System.Management.Automation;
using KumaTip.Core.Analysis;
using KumaTip.Core.Api;
using KumaTip.Core.Lookups;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Finishes what a task did not: requests its pending and failed items, never a done one.</summary>
    /// <remarks>
    /// Restart-TipTask takes over a task that a spent quota, Ctrl+C, Stop-TipTask, an error or a dead process (kill,
    /// power loss: Abandoned = True) left unfinished, and requests only its items that are not done, with the task's
    /// sections and records; an item some other lookup cached since is marked done without a request. It runs
    /// synchronously and returns the task with its new status. A task another live process is running is refused.
    /// Failed items are errors naming the indicator; a spent quota is a warning; refused credentials one error, and so
    /// is a portal that stopped answering (the items it did not look up stay pending). -Verbose shows each retry with its
    /// reason and wait.
    /// </remarks>
    /// <example>
    /// <code>Restart-TipTask -Id 12</code>
    /// <para>After the quota reset, requests what task 12 could not, and shows the task Completed.</para>
    /// </example>
    /// <example>
    /// <code>Get-TipTask | Where-Object Abandoned | Restart-TipTask</code>
    /// <para>Finishes every task whose PowerShell session died.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Restart, "TipTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = HelpLinks.Base + "Restart-TipTask.md")]
    [OutputType(typeof(TipTask))]
    public sealed class RestartTipTaskCommand : LookupEnvironmentCmdlet
    {
        /// <summary>The task (a TipTask from Get-TipTask binds by its Id).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("TaskId")]
        public int Id { get; set; }

        /// <summary>Requests in flight at once (default 4).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int? ThrottleLimit { get; set; }

        /// <summary>At most this many requests in this run: a spending cap for runbooks. What is past it stays pending in the task, with a warning.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? MaxRequests { get; set; }

        /// <summary>For a ThreatAnalysis task (Submit-TipFile): how often to ask OpenTIP for the result (default 20 seconds).</summary>
        [Parameter]
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(20);

        protected override void OnProcessRecord()
        {
            var environment = Environment;
            var task = TaskVisibility.FindOrWriteNotFound(environment.Service, Id, this, Tenant);
            if (task == null) return;
            if (task.Type == TipTask.ThreatAnalysis)
            {
                ResumeAnalysis(environment, task);
                return;
            }

            if (!ShouldProcess("task " + Id + " (" + (task.Pending + task.Failed) + " unfinished item(s)" +
                (MaxRequests is int cap && cap < task.Pending + task.Failed ? "; -MaxRequests " + cap + ": " + (task.Pending + task.Failed - cap) + " would stay pending" : "") + ")",
                "Request the unfinished items")) return;
            RunAsync(async () =>
            {
                LookupSession session;
                try
                {
                    session = await environment.Service.RestartAsync(Id, ThrottleLimit, (item, output) =>
                    {
                        if (output.Outcome == LookupOutcome.Error && output.Error != null) QueueError(LookupErrors.Record(output.Error, item.Indicator.Value));
                    }, StopToken, tenant => environment.OptionsFor(tenant), MaxRequests, s => s.Retrying += (_, e) => QueueVerbose(e.Message)).ConfigureAwait(false);
                }
                catch (InvalidOperationException ex)
                {
                    QueueError(new ErrorRecord(ex, "TipTaskNotRestartable", ErrorCategory.ResourceBusy, Id));
                    return;
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                using (session)
                {
                    new LookupRowWriter(false, QueueObject, QueueError).Finish(session, QueueWarning);
                    if (session.Task is { InputComplete: false } finished) QueueWarning(LookupSession.IncompleteInputMessage(finished));
                    QueueObject(session.Task);
                }
            });
        }

        /// <summary>A file analysis: polls for the uploaded file's result; the file is not uploaded again.</summary>
        private void ResumeAnalysis(LookupEnvironment environment, TipTask task)
        {
            if (!ShouldProcess("task " + task.Id + " (the analysis of " + task.FileName + ")", "Ask OpenTIP for the result")) return;
            RunAsync(async () =>
            {
                try
                {
                    var options = new FileAnalysisOptions { PollInterval = PollInterval };
                    QueueObject(await environment.ResumeFileAnalysisAsync(task, options, null, StopToken).ConfigureAwait(false));
                }
                catch (InvalidOperationException ex)
                {
                    QueueError(new ErrorRecord(ex, "TipTaskNotRestartable", ErrorCategory.InvalidOperation, Id));
                }
                catch (FileAnalysisException ex)
                {
                    QueueError(new ErrorRecord(ex, ex.ErrorId, ErrorCategory.OperationTimeout, Id));
                }
                catch (TipApiException ex)
                {
                    QueueError(new ErrorRecord(ex, "TipFileAnalysisFailed", ErrorCategory.ConnectionError, Id));
                }
                catch (OperationCanceledException)
                {
                }
            });
        }
    }
}
