using System;
using System.Management.Automation;
using System.Security;
using KumaTip.Core.Secrets;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Replaces any part of a stored Threat Lookup secret: credential, certificate, certificate password, description.</para>
    /// <para type="description">A new certificate (or a new password for the stored one) is validated before anything changes.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "TipSecret", SupportsShouldProcess = true, DefaultParameterSetName = ByName)]
    [OutputType(typeof(TipSecret))]
    public sealed class SetTipSecretCommand : WorkspaceCmdlet
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

        [Parameter]
        [Credential]
        public PSCredential? Credential { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CertificatePath { get; set; }

        [Parameter]
        public SecureString? CertificatePassword { get; set; }

        [Parameter]
        public string? Description { get; set; }

        /// <summary>Writes the changed secret.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var tenant = InputObject?.Tenant ?? Tenant;
            var name = InputObject?.Name ?? Name;
            var update = new SecretUpdate { Description = Description, CertificatePassword = SecureStrings.Plain(CertificatePassword) };
            if (Credential != null)
            {
                var credential = Credential.GetNetworkCredential();
                update.User = credential.UserName;
                update.Password = credential.Password;
            }
            if (CertificatePath != null)
            {
                update.Certificate = ReadFile(CertificatePath, nameof(CertificatePath));
                if (update.Certificate == null) return;
                update.CertificateSource = FullPath(CertificatePath);
            }
            if (!ShouldProcess($"secret '{name}' in tenant '{tenant}'", "Update")) return;
            try
            {
                var secret = Workspace.Secrets.Update(tenant, name, update, WriteWarning);
                WriteVerbose($"Updated secret '{secret.Name}' for tenant '{secret.Tenant}'.");
                if (PassThru) WriteObject(secret);
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
