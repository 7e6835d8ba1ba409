using System;
using System.Management.Automation;
using KumaTip.Core.Secrets;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Deletes a stored Threat Lookup secret; refuses the secret the tenant's connection uses unless -Force is given.</summary>
    /// <remarks>
    /// Remove-TipSecret deletes the secret (user, password, certificate and certificate password) from the data
    /// directory. It cannot be undone: to use the account again, store it anew with New-TipSecret. Cached results,
    /// tasks and the request count of the tenant are kept.
    ///
    /// The secret that the tenant's "Kaspersky Threat Lookup" connection uses (Get-TipSettings shows it as Secret) is
    /// refused with SecretInUse (category ResourceBusy): first point the connection at another secret with
    /// Set-TipSettings -Secret, or clear it with Set-TipSettings -Secret $null. -Force removes it anyway; the connection
    /// then makes no request, saying that its secret is missing, until another secret is set. -Force does not skip
    /// confirmation.
    ///
    /// A name the tenant does not have gives SecretNotFound. Errors are non-terminating, so the other secrets piped in
    /// are still removed. The secret is found by -Name in -Tenant (default Main), or taken from the pipeline (objects
    /// from Get-TipSecret, each in its own tenant); -Name takes no wildcards, so filter with Get-TipSecret first.
    /// Remove-TipSecret supports -WhatIf and -Confirm (ConfirmImpact Medium) and writes nothing to the pipeline.
    /// </remarks>
    /// <example>
    /// <code>Remove-TipSecret -Name prod-2025 -WhatIf</code>
    /// <para>Shows What if: Performing the operation "Remove" on target "secret 'prod-2025' in tenant 'Main'" without deleting anything. A name that does not exist is still reported (SecretNotFound); whether the secret is in use is only checked when it is really removed.</para>
    /// </example>
    /// <example>
    /// <code>Set-TipSettings -Secret prod-2026
    /// Remove-TipSecret -Name prod-2025 -Confirm</code>
    /// <para>Retires last year's account: moves the connection to the new secret first, so the old one is no longer in use, then deletes it after asking.</para>
    /// </example>
    /// <example>
    /// <code>Get-TipSecret -Tenant Lab -Name 'sim*' | Remove-TipSecret -WhatIf
    /// Get-TipSecret -Tenant Lab -Name 'sim*' | Remove-TipSecret -Force -Confirm:$false</code>
    /// <para>Cleans up after a rehearsal against the simulator: lists what would go, then removes every sim secret of the Lab tenant without prompting, even the one the Lab connection uses.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Remove, "TipSecret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByName, HelpUri = HelpLinks.Base + "Remove-TipSecret.md")]
    [OutputType(typeof(void))]
    public sealed class RemoveTipSecretCommand : WorkspaceCmdlet
    {
        private const string ByName = "Name";
        private const string ByObject = "InputObject";

        /// <summary>The name of the secret to delete, in -Tenant. Case is ignored; no wildcards (pipe from Get-TipSecret -Name 'pattern' instead).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByName, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SecretNameCompleter))]
        public string Name { get; set; } = string.Empty;

        /// <summary>A secret from Get-TipSecret, usually piped in; its own tenant is used and -Tenant is ignored.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByObject, ValueFromPipeline = true)]
        public TipSecret? InputObject { get; set; }

        /// <summary>Removes the secret even when the tenant's connection uses it; the connection then makes no request until Set-TipSettings -Secret names another. It does not suppress confirmation (use -Confirm:$false).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void OnProcessRecord()
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
