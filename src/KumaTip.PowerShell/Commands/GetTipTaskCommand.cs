using System;
using System.Linq;
using System.Management.Automation;
using KumaTip.Core.Lookups;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Lists lookup tasks, like KUMA's task manager.</summary>
    /// <remarks>
    /// Every lookup that needed the API ran as a ThreatLookup task: status (Queued, Running, Completed,
    /// PartiallyCompleted, Failed, Cancelled), who created it and when, the last update, the tenant, and its items
    /// (Total, Done, Failed, Pending). A task still Running whose process is gone (killed, power loss) shows
    /// Abandoned = True: Restart-TipTask finishes it. Newest first. Without -Tenant, tasks of every tenant are listed.
    /// </remarks>
    /// <example>
    /// <code>Get-TipTask -Mine -Status PartiallyCompleted, Cancelled | Restart-TipTask</code>
    /// <para>Finishes your own tasks that a quota, Ctrl+C or an error left unfinished.</para>
    /// </example>
    /// <example>
    /// <code>Get-TipTask -Id 42 | Format-List</code>
    /// <para>Shows one task in full, including the message of what stopped it.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "TipTask")]
    [OutputType(typeof(TipTask))]
    public sealed class GetTipTaskCommand : LookupEnvironmentCmdlet
    {
        /// <summary>Task ids to show.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("TaskId")]
        public int[]? Id { get; set; }

        /// <summary>Only tasks created by the current user.</summary>
        [Parameter]
        public SwitchParameter Mine { get; set; }

        /// <summary>Only tasks in these states.</summary>
        [Parameter]
        public TipTaskStatus[]? Status { get; set; }

        /// <summary>Only tasks of these types (ThreatLookup).</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Type { get; set; }

        protected override void ProcessRecord()
        {
            var environment = Environment;
            var tasks = environment.Service.GetTasks();
            var tenantGiven = MyInvocation.BoundParameters.ContainsKey(nameof(Tenant));
            var types = Type?.Select(t => new WildcardPattern(t, WildcardOptions.IgnoreCase)).ToArray();
            foreach (var task in tasks)
            {
                if (Id != null && Id.Length > 0 && !Id.Contains(task.Id)) continue;
                if (Mine && !string.Equals(task.CreatedBy, System.Environment.UserName, StringComparison.OrdinalIgnoreCase)) continue;
                if (Status != null && Status.Length > 0 && !Status.Contains(task.Status)) continue;
                if (types != null && types.Length > 0 && !types.Any(p => p.IsMatch(task.Type))) continue;
                if (tenantGiven && !string.Equals(task.Tenant, Tenant, StringComparison.OrdinalIgnoreCase)) continue;
                WriteObject(task);
            }
            if (Id != null)
            {
                foreach (var missing in Id.Where(i => tasks.All(t => t.Id != i)))
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException("There is no task " + missing + ". Get-TipTask lists the tasks."), "TipTaskNotFound", ErrorCategory.ObjectNotFound, missing));
                }
            }
        }
    }
}
