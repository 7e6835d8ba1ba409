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

        /// <summary>The task <paramref name="id"/> as the cmdlet may see it; null after writing the not-found error when it may not.</summary>
        public static TipTask? FindOrWriteNotFound(LookupService service, int id, PSCmdlet cmdlet, string tenant)
        {
            var task = service.GetTask(id);
            if (task != null && TaskQuery.IsVisible(task, TenantFilter(cmdlet, tenant))) return task;
            cmdlet.WriteError(NotFound(id, cmdlet, tenant));
            return null;
        }

        /// <summary>The non-terminating error for a task id that does not exist or belongs to another tenant than -Tenant.</summary>
        public static ErrorRecord NotFound(int id, PSCmdlet cmdlet, string tenant)
            => new ErrorRecord(new ItemNotFoundException(TaskQuery.NotFoundMessage(id, TenantFilter(cmdlet, tenant))), "TipTaskNotFound", ErrorCategory.ObjectNotFound, id);
    }
}
