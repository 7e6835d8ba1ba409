using System;
using System.Management.Automation;
using System.Security;
using KumaTip.Core.Secrets;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Changes parts of a stored Threat Lookup secret: the TIP user and password, the client certificate, the certificate password, the API token or the description.</summary>
    /// <remarks>
    /// Set-TipSecret changes only what is given and keeps the rest. -ApiToken rotates the token of a token secret (one
    /// made with New-TipSecret -ApiToken): request a new token on the portal, which deletes the old one, and store it
    /// here; it is checked as New-TipSecret checks it (ApiTokenInvalid) and cannot be combined with -Credential,
    /// -CertificatePath or -CertificatePassword. A secret holds either a token or a user and certificate, never both:
    /// -ApiToken for a certificate secret, or a user or certificate for a token secret, is refused with
    /// SecretAuthenticationMismatch and changes nothing (store the other kind as a new secret and switch the connection
    /// with Set-TipSettings -Secret).
    /// -Credential replaces the user name and password
    /// together (the stored user name cannot be read back, so give it again). -CertificatePath replaces the client
    /// certificate with a new PFX, opened with -CertificatePassword when given, else with the stored password.
    /// -CertificatePassword alone re-opens the stored PFX with the new password. -Description replaces the
    /// description; an empty string clears it.
    ///
    /// A new certificate, or a new password for the stored one, is validated before anything changes, as with
    /// New-TipSecret: the password must open the PFX (CertificatePasswordWrong), it must hold the private key
    /// (CertificateWithoutPrivateKey) and the certificate must be valid now (CertificateExpired,
    /// CertificateNotYetValid); one expiring within 30 days is accepted with a warning. An empty user name or password
    /// gives CredentialInvalid, a missing file CertificatePathNotFound, and a name the tenant does not have
    /// SecretNotFound. On any error nothing is changed; errors are non-terminating, so other secrets piped in are
    /// still updated.
    ///
    /// The secret is found by -Name in -Tenant (default Main), or taken from the pipeline (objects from
    /// Get-TipSecret), in which case each secret's own tenant is used. No request is made to the portal; run
    /// Test-TipConnection to prove the new values work. Commands started afterwards use the new values.
    /// Nothing is written unless -PassThru is given; -WhatIf shows which secret would change.
    /// </remarks>
    /// <example>
    /// <code>Set-TipSecret -Name prod -Credential (Get-Credential -UserName soc-api -Message 'New TIP API password')
    /// Test-TipConnection</code>
    /// <para>The API password was rotated on the portal: stores the new one for the user soc-api (typed into the credential prompt, never on the command line) and makes one request to prove it works.</para>
    /// </example>
    /// <example>
    /// <code>Set-TipSecret -Name prod -CertificatePath .\tip-client-2026.pfx -CertificatePassword (Read-Host -AsSecureString -Prompt 'PFX password') -Description 'Renewed 2026-01, CHG-4711' -PassThru</code>
    /// <para>Replaces a client certificate that is about to expire with the renewed PFX from the portal; the returned TipSecret shows the new subject, thumbprint and CertificateNotAfter. A wrong password or an expired file changes nothing.</para>
    /// </example>
    /// <example>
    /// <code>Set-TipSecret -Name prod-token -ApiToken (Read-Host -AsSecureString -Prompt 'New TIP API token') -PassThru | Format-List Name, Authentication, TokenHint, Modified
    /// Test-TipConnection | Format-List Succeeded, Message, TokenExpirationDate</code>
    /// <para>Rotates an API token before it expires (Invoke-TipLookup warns 30 days ahead): the new token from the portal is pasted at the prompt, TokenHint shows its last four characters, and the test request shows the new expiry.</para>
    /// </example>
    /// <example>
    /// <code>Get-TipSecret -Tenant Contoso -Name contoso-api | Set-TipSecret -Description 'Owner: customer success team' -WhatIf</code>
    /// <para>Pipes a secret in, so its own tenant (Contoso) is used; -WhatIf shows what would be updated without changing it.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Set, "TipSecret", SupportsShouldProcess = true, DefaultParameterSetName = ByName, HelpUri = HelpLinks.Base + "Set-TipSecret.md")]
    [OutputType(typeof(TipSecret))]
    public sealed class SetTipSecretCommand : WorkspaceCmdlet
    {
        private const string ByName = "Name";
        private const string ByObject = "InputObject";
        // -ApiToken has sets of its own so that PowerShell itself refuses it next to -Credential or -CertificatePath.
        private const string ByNameWithToken = "NameApiToken";
        private const string ByObjectWithToken = "InputObjectApiToken";

        /// <summary>The name of the secret to change, in -Tenant. Case is ignored; no wildcards.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByName, ValueFromPipelineByPropertyName = true)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByNameWithToken, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SecretNameCompleter))]
        public string Name { get; set; } = string.Empty;

        /// <summary>A secret from Get-TipSecret, usually piped in; its own tenant is used and -Tenant is ignored.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByObject, ValueFromPipeline = true)]
        [Parameter(Mandatory = true, ParameterSetName = ByObjectWithToken, ValueFromPipeline = true)]
        public TipSecret? InputObject { get; set; }

        /// <summary>The new TIP API user name and password, e.g. from Get-Credential. Replaces both; both must be non-empty.</summary>
        [Parameter(ParameterSetName = ByName)]
        [Parameter(ParameterSetName = ByObject)]
        [Credential]
        public PSCredential? Credential { get; set; }

        /// <summary>A new client certificate as a PFX (PKCS#12) file with its private key; validated, then stored in place of the old one. Relative paths are resolved against the current location.</summary>
        [Parameter(ParameterSetName = ByName)]
        [Parameter(ParameterSetName = ByObject)]
        [ValidateNotNullOrEmpty]
        public string? CertificatePath { get; set; }

        /// <summary>The password of the PFX, as a SecureString (Read-Host -AsSecureString): of the new -CertificatePath, or of the stored certificate when given alone. Validated before it is stored.</summary>
        [Parameter(ParameterSetName = ByName)]
        [Parameter(ParameterSetName = ByObject)]
        public SecureString? CertificatePassword { get; set; }

        /// <summary>The new API token of a token secret, as a SecureString (Read-Host -AsSecureString): rotates it. Refused for a secret that holds a user and certificate; cannot be combined with -Credential, -CertificatePath or -CertificatePassword.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByNameWithToken)]
        [Parameter(Mandatory = true, ParameterSetName = ByObjectWithToken)]
        public SecureString? ApiToken { get; set; }

        /// <summary>The new description; an empty string clears it. It is not encrypted, so never put a password here.</summary>
        [Parameter]
        public string? Description { get; set; }

        /// <summary>Writes the changed TipSecret to the pipeline. Without it Set-TipSecret writes nothing.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void OnProcessRecord()
        {
            var tenant = InputObject?.Tenant ?? Tenant;
            var name = InputObject?.Name ?? Name;
            var update = new SecretUpdate { Description = Description, CertificatePassword = SecureStrings.Plain(CertificatePassword), ApiToken = SecureStrings.Plain(ApiToken) };
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
                WriteVerbose(update.ApiToken != null
                    ? $"Updated secret '{secret.Name}' for tenant '{secret.Tenant}': new API token {secret.TokenHint}."
                    : $"Updated secret '{secret.Name}' for tenant '{secret.Tenant}'.");
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
