using System;
using System.Management.Automation;
using System.Security;
using KumaTip.Core.Secrets;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Stores a Kaspersky Threat Lookup secret (type ktl) for a tenant: the TIP API user and password, the client certificate (PFX) and its password, encrypted at rest.</summary>
    /// <remarks>
    /// The Threat Lookup API needs two things from every caller: HTTP Basic credentials (the API user and password
    /// Kaspersky issued) and a client certificate with its private key. New-TipSecret keeps both under one name in the
    /// tenant's data directory. It makes no request to the portal; to use the secret, point the connection at it with
    /// Set-TipSettings -Secret, then check it with Test-TipConnection.
    ///
    /// The PFX is read from -CertificatePath (relative paths are resolved against the current location) and checked
    /// before anything is stored: -CertificatePassword must open it (CertificatePasswordWrong), it must hold a
    /// certificate with its private key (CertificateWithoutPrivateKey), and that certificate must be valid now
    /// (CertificateExpired, CertificateNotYetValid). A certificate that expires within 30 days is stored with a warning.
    /// The file's content is stored, so the PFX may be moved or deleted afterwards. A missing file gives
    /// CertificatePathNotFound; a user name or password left empty gives CredentialInvalid.
    ///
    /// Names are unique per tenant, compared without regard to case, 1-128 characters without wildcards (* ? [ ]) or
    /// control characters (InvalidSecretName). A name that exists already is refused (SecretAlreadyExists): change that
    /// secret with Set-TipSecret instead. Every error is non-terminating, names the value and stores nothing.
    ///
    /// The user name, password, PFX and PFX password are encrypted at rest (DPAPI-protected key on Windows, an
    /// owner-only key file elsewhere) and never appear again in output, errors, verbose or debug messages. The TipSecret
    /// returned shows the name, the masked user (an*****), the description and the certificate's subject, thumbprint
    /// and expiry. -WhatIf shows what would be stored without storing it.
    /// </remarks>
    /// <example>
    /// <code>$cred = Get-Credential -Message 'TIP API user and password'
    /// $pfxPassword = Read-Host -AsSecureString -Prompt 'PFX password'
    /// New-TipSecret -Name prod -Credential $cred -CertificatePath .\tip-client.pfx -CertificatePassword $pfxPassword -Description 'SOC production'
    /// Set-TipSettings -Secret prod
    /// Test-TipConnection</code>
    /// <para>First set-up on an analyst workstation: stores the API user and the certificate Kaspersky issued under the name prod in the default tenant (Main), points the connection at it and makes one test request. Nothing secret is typed on the command line or kept in history.</para>
    /// </example>
    /// <example>
    /// <code>New-TipSecret -Tenant Contoso -Name contoso-api -Credential (Get-Credential) -CertificatePath \\vault\contoso\tip.pfx -CertificatePassword (Read-Host -AsSecureString -Prompt 'Contoso PFX password')
    /// Set-TipSettings -Tenant Contoso -Secret contoso-api</code>
    /// <para>An MSSP adds a customer: the secret, and later its cache, tasks and quota, belong to the tenant Contoso only; nothing reads across tenants. The PFX share may be unmounted afterwards, as the certificate is stored.</para>
    /// </example>
    /// <example>
    /// <code>$account = Get-Content .\sim\account.json -Raw | ConvertFrom-Json
    /// $simPassword = ConvertTo-SecureString $account.Password -AsPlainText -Force
    /// $pfxPassword = ConvertTo-SecureString $account.PfxPassword -AsPlainText -Force
    /// New-TipSecret -Tenant Lab -Name sim -Credential ([pscredential]::new($account.User, $simPassword)) -CertificatePath .\sim\client.pfx -CertificatePassword $pfxPassword</code>
    /// <para>Rehearsal against the local simulator (dotnet run --project src/KumaTip.Simulator -- --port 8443 --state-dir ./sim): its throw-away account and client certificate become the secret sim of a separate tenant Lab, so production settings stay untouched. Set-TipSettings shows how to point the Lab connection at the simulator.</para>
    /// </example>
    [Cmdlet(VerbsCommon.New, "TipSecret", SupportsShouldProcess = true, HelpUri = HelpLinks.Base + "New-TipSecret.md")]
    [OutputType(typeof(TipSecret))]
    public sealed class NewTipSecretCommand : WorkspaceCmdlet
    {
        /// <summary>The secret's name, unique in its tenant (compared without regard to case): 1-128 characters, no wildcards (* ? [ ]). Set-TipSettings -Secret refers to it.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        /// <summary>The TIP API user name and password Kaspersky issued for Threat Lookup, e.g. from Get-Credential. Both must be non-empty. A user name alone prompts for the password.</summary>
        [Parameter(Mandatory = true)]
        [Credential]
        public PSCredential Credential { get; set; } = PSCredential.Empty;

        /// <summary>The client certificate Kaspersky issued, as a PFX (PKCS#12) file with its private key. Relative paths are resolved against the current location; the file's content is stored, so it may move afterwards.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string CertificatePath { get; set; } = string.Empty;

        /// <summary>The password that opens the PFX, as a SecureString (Read-Host -AsSecureString). Omit it only for a PFX without a password.</summary>
        [Parameter]
        public SecureString? CertificatePassword { get; set; }

        /// <summary>Free text shown by Get-TipSecret, e.g. who owns the account or where the certificate came from. Never put a password here: the description is not encrypted.</summary>
        [Parameter]
        public string? Description { get; set; }

        /// <summary>The secret type. Only ktl (Kaspersky Threat Lookup), the default, is supported.</summary>
        [Parameter]
        [ValidateSet(SecretTypes.Ktl)]
        public string Type { get; set; } = SecretTypes.Ktl;

        protected override void OnProcessRecord()
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
