using System;
using System.Linq;
using System.Management.Automation;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Returns the results of a task ("show result" in KUMA's task manager).</summary>
    /// <remarks>
    /// Receive-TipTask returns the cached result of each item the task finished. A failed item is a non-terminating
    /// error naming the indicator (TipTaskItemFailed); pending items (quota, Ctrl+C) are counted in a warning that points
    /// at Restart-TipTask. Nothing is requested. A result replaced by a later lookup shows that lookup's data and task.
    /// </remarks>
    /// <example>
    /// <code>Get-TipTask -Id 7 | Receive-TipTask | Export-Csv .\task7.csv -NoTypeInformation</code>
    /// <para>Saves the results of task 7.</para>
    /// </example>
    /// <example>
    /// <code>Receive-TipTask 7 | Where-Object Zone -eq Red</code>
    /// <para>Shows the red results of task 7.</para>
    /// </example>
    [Cmdlet(VerbsCommunications.Receive, "TipTask", HelpUri = HelpLinks.Base + "Receive-TipTask.md")]
    [OutputType(typeof(TipLookupResult))]
    public sealed class ReceiveTipTaskCommand : LookupEnvironmentCmdlet
    {
        /// <summary>Only reads: a read-only data directory is opened read-only.</summary>
        internal override StorageAccess Access => StorageAccess.Read;

        /// <summary>The task (a TipTask from Get-TipTask binds by its Id).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("TaskId")]
        public int Id { get; set; }

        protected override void OnProcessRecord()
        {
            var environment = Environment;
            if (TaskVisibility.FindOrWriteNotFound(environment.Service, Id, this, Tenant) == null) return;
            var pending = 0;
            foreach (var (item, result) in environment.Service.Receive(Id))
            {
                switch (item.State)
                {
                    case TaskItemState.Done when result != null:
                        WriteObject(result);
                        break;
                    case TaskItemState.Done:
                        WriteWarning("The result for '" + item.Indicator.Value + "' of task " + Id + " is no longer cached (Clear-TipCache). Invoke-TipLookup fetches it again.");
                        break;
                    case TaskItemState.Failed:
                        WriteError(new ErrorRecord(new InvalidOperationException(item.Error ?? "The request for '" + item.Indicator.Value + "' failed."),
                            "TipTaskItemFailed", ErrorCategory.NotSpecified, item.Indicator.Value));
                        break;
                    default:
                        pending++;
                        break;
                }
            }
            if (pending > 0) WriteWarning(pending + " item(s) of task " + Id + " are still pending. Restart-TipTask -Id " + Id + " requests them.");
        }
    }
}
