using System.Management.Automation;
using KumaTip.Core.Lookups;

namespace KumaTip.PowerShell.Support
{
    /// <summary>
    /// Which task a Get-/Receive-/Restart-/Stop-TipTask call may see: any tenant's without -Tenant (as Get-TipTask lists
    /// them), only that tenant's with it, so a task of another tenant is "not found" (the rule is <see cref="TaskQuery.IsVisible"/>).
    /// </summary>
    internal static class TaskVisibility
    {
        /// <summary>The tenant to filter by: the -Tenant value when it was given, else null (every tenant).</summary>
        public static string? TenantFilter(PSCmdlet cmdlet, string tenant)
            => cmdlet.MyInvocation.BoundParameters.ContainsKey(nameof(TipCmdlet.Tenant)) ? tenant : null;

        public static TipTask? Find(LookupService service, int id, PSCmdlet cmdlet, string tenant)
        {
            var task = service.GetTask(id);
            return task != null && TaskQuery.IsVisible(task, TenantFilter(cmdlet, tenant)) ? task : null;
        }

        /// <summary>The non-terminating error for a task id that does not exist or belongs to another tenant than -Tenant.</summary>
        public static ErrorRecord NotFound(int id, PSCmdlet cmdlet, string tenant)
            => new ErrorRecord(new ItemNotFoundException(TaskQuery.NotFoundMessage(id, TenantFilter(cmdlet, tenant))), "TipTaskNotFound", ErrorCategory.ObjectNotFound, id);
    }
}
