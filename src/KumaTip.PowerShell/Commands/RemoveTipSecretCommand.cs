using System;
using System.Management.Automation;
using KumaTip.Core.Secrets;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Deletes a stored Threat Lookup secret.</para>
    /// <para type="description">A secret the tenant's connection uses is refused unless -Force is given.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "TipSecret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByName)]
    [OutputType(typeof(void))]
    public sealed class RemoveTipSecretCommand : WorkspaceCmdlet
    {
        private const string ByName = "Name";
        private const string ByObject = "InputObject";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByName, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SecretNameCompleter))]
        public string Name { get; set; } = string.Empty;

        /// <summary>A secret from Get-TipSecret; its own tenant is used.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByObject, ValueFromPipeline = true)]
        public TipSecret? InputObject { get; set; }

        /// <summary>Removes the secret even when the connection uses it.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var tenant = InputObject?.Tenant ?? Tenant;
            var name = InputObject?.Name ?? Name;
            try
            {
                var existing = Workspace.Secrets.Find(tenant, name);
                if (existing == null)
                {
                    WriteError(TipErrors.From(new TipSecretException(TipSecretError.NotFound,
                        $"There is no secret named '{name}' in tenant '{tenant}'. List the tenant's secrets with Get-TipSecret -Tenant '{tenant}'."), name));
                    return;
                }
                if (!ShouldProcess($"secret '{existing.Name}' in tenant '{existing.Tenant}'", "Remove")) return;
                Workspace.Secrets.Remove(tenant, name, Force);
                WriteVerbose($"Removed secret '{existing.Name}' from tenant '{existing.Tenant}'.");
            }
            catch (TipSecretException ex)
            {
                WriteError(TipErrors.From(ex, name));
            }
            catch (ArgumentException ex)
            {
                WriteError(TipErrors.InvalidTenant(ex, tenant));
            }
        }
    }
}
