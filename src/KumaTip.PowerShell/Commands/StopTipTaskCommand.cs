using System.Management.Automation;
using KumaTip.Core.Lookups;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Cancels a running task; its unfinished items stay pending for Restart-TipTask.</summary>
    /// <remarks>
    /// Stop-TipTask cancels a task's in-flight requests. A task run by this session (Invoke-TipLookup -AsJob) stops at
    /// once; one run by another PowerShell process stops within about a second, when that process next checks. An
    /// abandoned task (its process is gone) is marked Cancelled. Answers already received stay cached and their items
    /// done. Returns the task.
    /// </remarks>
    /// <example>
    /// <code>Get-TipTask -Status Running -Mine | Stop-TipTask</code>
    /// <para>Stops every task you are running.</para>
    /// </example>
    /// <example>
    /// <code>$job = $iocs | Invoke-TipLookup -AsJob; Stop-TipTask -Id $job.TaskId</code>
    /// <para>Stops a background lookup by its task (Stop-Job $job does the same).</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Stop, "TipTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = HelpLinks.Base + "Stop-TipTask.md")]
    [OutputType(typeof(TipTask))]
    public sealed class StopTipTaskCommand : LookupEnvironmentCmdlet
    {
        /// <summary>The task (a TipTask from Get-TipTask binds by its Id).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("TaskId")]
        public int Id { get; set; }

        protected override void OnProcessRecord()
        {
            var environment = Environment;
            var task = TaskVisibility.FindOrWriteNotFound(environment.Service, Id, this, Tenant);
            if (task == null) return;
            if (task.State != TipTaskStatus.Running && task.State != TipTaskStatus.Queued && task.State != TipTaskStatus.Abandoned)
            {
                WriteWarning("Task " + Id + " is not running (" + task.Status + "); nothing to stop.");
                WriteObject(task);
                return;
            }
            if (!ShouldProcess("task " + Id, "Stop")) return;
            WriteObject(environment.Service.Stop(Id));
        }
    }
}
