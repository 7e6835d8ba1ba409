using System;
using System.Management.Automation;
using System.Security;
using KumaTip.Core.Secrets;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Stores a Kaspersky Threat Lookup secret (type ktl): TIP user and password, client certificate and its password.</para>
    /// <para type="description">The PFX is checked before anything is stored: the password must open it, it must hold the private key,
    /// and the certificate must be valid (a warning when it expires within 30 days). Values are encrypted at rest and never shown again.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "TipSecret", SupportsShouldProcess = true)]
    [OutputType(typeof(TipSecret))]
    public sealed class NewTipSecretCommand : WorkspaceCmdlet
    {
        /// <summary>The secret's name, unique in its tenant.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        /// <summary>The TIP API user name and password.</summary>
        [Parameter(Mandatory = true)]
        [Credential]
        public PSCredential Credential { get; set; } = PSCredential.Empty;

        /// <summary>The client certificate Kaspersky issued, as a PFX (PKCS#12) file with its private key.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string CertificatePath { get; set; } = string.Empty;

        /// <summary>The PFX password.</summary>
        [Parameter]
        public SecureString? CertificatePassword { get; set; }

        [Parameter]
        public string? Description { get; set; }

        /// <summary>The secret type; only ktl (Kaspersky Threat Lookup).</summary>
        [Parameter]
        [ValidateSet(SecretTypes.Ktl)]
        public string Type { get; set; } = SecretTypes.Ktl;

        protected override void ProcessRecord()
        {
            var pfx = ReadFile(CertificatePath, nameof(CertificatePath));
            if (pfx == null) return;
            if (!ShouldProcess($"secret '{Name}' in tenant '{Tenant}'", "Store")) return;
            var credential = Credential.GetNetworkCredential();
            try
            {
                var secret = Workspace.Secrets.Add(new NewSecret
                {
                    Tenant = Tenant,
                    Name = Name,
                    Type = Type,
                    User = credential.UserName,
                    Password = credential.Password,
                    Certificate = pfx,
                    CertificatePassword = SecureStrings.Plain(CertificatePassword),
                    CertificateSource = FullPath(CertificatePath),
                    Description = Description,
                }, WriteWarning);
                WriteVerbose($"Stored secret '{secret.Name}' for tenant '{secret.Tenant}' (certificate {secret.CertificateSubject}, expires {secret.CertificateNotAfter:yyyy-MM-dd}).");
                WriteObject(secret);
            }
            catch (TipSecretException ex)
            {
                WriteError(TipErrors.From(ex, Name));
            }
            catch (ArgumentException ex)
            {
                WriteError(TipErrors.InvalidTenant(ex, Tenant));
            }
        }
    }
}
