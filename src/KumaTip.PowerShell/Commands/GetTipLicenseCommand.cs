using System;
using System.Management.Automation;
using KumaTip.Core.Connection;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Shows the tenant's quota: the portal's last LicenseInfo plus our own count of requests spent today and in total.</para>
    /// <para type="description">Makes no request. Test-TipConnection (or any lookup) refreshes the portal's figures.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "TipLicense")]
    [OutputType(typeof(TipLicense))]
    public sealed class GetTipLicenseCommand : WorkspaceCmdlet
    {
        protected override void ProcessRecord()
        {
            try
            {
                var license = Workspace.LicenseReporter.Get(Tenant);
                if (license.LicenseSeenAt == null)
                {
                    WriteVerbose($"The portal has not answered for tenant '{license.Tenant}' yet; run Test-TipConnection -Tenant '{license.Tenant}' to fetch its LicenseInfo.");
                }
                WriteObject(license);
            }
            catch (ArgumentException ex)
            {
                WriteError(TipErrors.InvalidTenant(ex, Tenant));
            }
        }
    }
}
