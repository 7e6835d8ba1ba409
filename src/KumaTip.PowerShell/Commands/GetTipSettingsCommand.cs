using System;
using System.Management.Automation;
using KumaTip.Core.Storage;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Shows the tenant's "Kaspersky Threat Lookup" connection (the defaults when nothing was set).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "TipSettings")]
    [OutputType(typeof(TipSettings))]
    public sealed class GetTipSettingsCommand : WorkspaceCmdlet
    {
        protected override void ProcessRecord()
        {
            try
            {
                WriteObject(Workspace.Settings.Get(Tenant));
            }
            catch (ArgumentException ex)
            {
                WriteError(TipErrors.InvalidTenant(ex, Tenant));
            }
        }
    }
}
