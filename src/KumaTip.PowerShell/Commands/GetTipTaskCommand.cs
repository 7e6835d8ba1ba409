using System.Linq;
using System.Management.Automation;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Lists lookup tasks, like KUMA's task manager.</summary>
    /// <remarks>
    /// Every lookup that needed the API ran as a ThreatLookup task: status (Queued, Running, Completed,
    /// PartiallyCompleted, Failed, Cancelled), who created it and when, the last update, the tenant, and its items
    /// (Total, Done, Failed, Pending). A task still Running whose process is gone (killed, power loss) shows
    /// Abandoned = True: Restart-TipTask finishes it. Newest first. Without -Tenant, tasks of every tenant are listed.
    /// An -Id with no such task, or of another tenant than -Tenant names, is a non-terminating error (TipTaskNotFound,
    /// ObjectNotFound, the id as its target), like Receive-, Restart- and Stop-TipTask; -ErrorAction SilentlyContinue
    /// silences it. The other filters only narrow what is shown: a task they leave out is not an error.
    /// </remarks>
    /// <example>
    /// <code>Get-TipTask -Mine -Status PartiallyCompleted, Cancelled | Restart-TipTask</code>
    /// <para>Finishes your own tasks that a quota, Ctrl+C or an error left unfinished.</para>
    /// </example>
    /// <example>
    /// <code>Get-TipTask -Id 42 | Format-List</code>
    /// <para>Shows one task in full, including the message of what stopped it.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "TipTask", HelpUri = HelpLinks.Base + "Get-TipTask.md")]
    [OutputType(typeof(TipTask))]
    public sealed class GetTipTaskCommand : LookupEnvironmentCmdlet
    {
        /// <summary>Only reads: a read-only data directory is opened read-only.</summary>
        internal override StorageAccess Access => StorageAccess.Read;

        /// <summary>Task ids to show; each one that does not exist (or is of another tenant than -Tenant) is a TipTaskNotFound error.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("TaskId")]
        public int[]? Id { get; set; }

        /// <summary>Only tasks created by the current user. On the team store, where CreatedBy reads user@host, the current user's tasks from any host.</summary>
        [Parameter]
        public SwitchParameter Mine { get; set; }

        /// <summary>Only tasks in these states.</summary>
        [Parameter]
        public TipTaskStatus[]? Status { get; set; }

        /// <summary>Only tasks of these types (ThreatLookup).</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Type { get; set; }

        protected override void OnProcessRecord()
        {
            var types = Type?.Select(t => new WildcardPattern(t, WildcardOptions.IgnoreCase)).ToArray();
            var query = new TaskQuery
            {
                Ids = Id,
                Tenant = TaskVisibility.TenantFilter(this, Tenant),
                CreatedBy = Mine ? System.Environment.UserName : null,
                Statuses = Status,
                TypeFilter = types != null && types.Length > 0 ? type => types.Any(p => p.IsMatch(type)) : null,
            };
            var selected = query.Run(Environment.Service.GetTasks());
            foreach (var task in selected.Tasks) WriteObject(task);
            foreach (var missing in selected.MissingIds) WriteError(TaskVisibility.NotFound(missing, this, Tenant));
        }
    }
}
