using System;
using System.Management.Automation;
using KumaTip.Core.Lookups;

namespace KumaTip.PowerShell.Support
{
    /// <summary>
    /// Which task a Receive-/Restart-/Stop-TipTask call may see: any tenant's without -Tenant (as Get-TipTask lists them),
    /// only that tenant's with it, so a task of another tenant is "not found".
    /// </summary>
    internal static class TaskVisibility
    {
        public static TipTask? Find(LookupService service, int id, PSCmdlet cmdlet, string tenant)
        {
            var task = service.GetTask(id);
            if (task == null) return null;
            var tenantGiven = cmdlet.MyInvocation.BoundParameters.ContainsKey(nameof(TipCmdlet.Tenant));
            return !tenantGiven || string.Equals(task.Tenant, tenant.Trim(), StringComparison.OrdinalIgnoreCase) ? task : null;
        }

        public static ErrorRecord NotFound(int id, PSCmdlet cmdlet, string tenant)
        {
            var tenantGiven = cmdlet.MyInvocation.BoundParameters.ContainsKey(nameof(TipCmdlet.Tenant));
            var message = "There is no task " + id + (tenantGiven ? " of tenant '" + tenant + "'" : "") + ". Get-TipTask lists the tasks.";
            return new ErrorRecord(new ItemNotFoundException(message), "TipTaskNotFound", ErrorCategory.ObjectNotFound, id);
        }
    }
}
