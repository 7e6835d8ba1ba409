using System;
using System.Management.Automation;
using System.Security;
using KumaTip.Core.Secrets;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Stores a Kaspersky Threat Lookup secret (type ktl) for a tenant, encrypted at rest: the TIP API user and password with the client certificate (PFX) and its password, or an API token.</summary>
    /// <remarks>
    /// The Threat Lookup API signs callers in one of two ways. The classic way needs HTTP Basic credentials (the API
    /// user and password Kaspersky issued) and a client certificate with its private key; New-TipSecret keeps both under
    /// one name in the tenant's data directory. Where the organisation allows it, a Full account can instead request an
    /// API token on the portal (valid for at most a year; requesting a new one deletes the old one): -ApiToken stores
    /// it, and the connection then sends it as an Authorization: Bearer header without any certificate. A token opens
    /// only the Threat Lookup API; other portal services still need the certificate. New-TipSecret makes no request to
    /// the portal; to use the secret, point the connection at it with Set-TipSettings -Secret, then check it with
    /// Test-TipConnection.
    ///
    /// -ApiToken takes a SecureString (Read-Host -AsSecureString), so the token is never typed on the command line or
    /// kept in history. It cannot be combined with -Credential or -CertificatePath. A token that cannot be one is refused
    /// with ApiTokenInvalid, saying why and never echoing it: empty, shorter than 16 or longer than 4096 characters,
    /// with a space, tab or line break inside (a paste that caught its surroundings), characters outside ASCII, or the
    /// 'Bearer ' prefix (give the token alone). Surrounding white space is dropped. The token's expiry is not part of
    /// the token: the portal reports it with every answer (LicenseInfo's TokenExpirationDate), so Test-TipConnection,
    /// Invoke-TipLookup and Update-TipLookup warn when it is less than 30 days away, as they would for a certificate.
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
    /// The user name, password, PFX, PFX password and token are encrypted at rest (DPAPI-protected key on Windows, an
    /// owner-only key file elsewhere) and never appear again in output, errors, verbose or debug messages. The TipSecret
    /// returned shows the name, how it signs in (Authentication: Certificate or ApiToken), the masked user (an*****) or
    /// token (*****x7Qa, its last four characters), the description and the certificate's subject, thumbprint and
    /// expiry. -WhatIf shows what would be stored without storing it.
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
    /// <code>New-TipSecret -Name prod-token -ApiToken (Read-Host -AsSecureString -Prompt 'TIP API token') -Description 'Token of soc-api, requested 2026-12'
    /// Set-TipSettings -Secret prod-token
    /// Test-TipConnection</code>
    /// <para>A team whose organisation allows API tokens: the token copied from the portal's API token page is pasted at the prompt, stored encrypted and used instead of a user and certificate. Test-TipConnection shows when the token expires (TokenExpirationDate).</para>
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
    [Cmdlet(VerbsCommon.New, "TipSecret", SupportsShouldProcess = true, DefaultParameterSetName = ByCertificate, HelpUri = HelpLinks.Base + "New-TipSecret.md")]
    [OutputType(typeof(TipSecret))]
    public sealed class NewTipSecretCommand : WorkspaceCmdlet
    {
        private const string ByCertificate = "Certificate";
        private const string ByApiToken = "ApiToken";

        /// <summary>The secret's name, unique in its tenant (compared without regard to case): 1-128 characters, no wildcards (* ? [ ]). Set-TipSettings -Secret refers to it.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        /// <summary>The TIP API user name and password Kaspersky issued for Threat Lookup, e.g. from Get-Credential. Both must be non-empty. A user name alone prompts for the password.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByCertificate)]
        [Credential]
        public PSCredential Credential { get; set; } = PSCredential.Empty;

        /// <summary>The client certificate Kaspersky issued, as a PFX (PKCS#12) file with its private key. Relative paths are resolved against the current location; the file's content is stored, so it may move afterwards.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByCertificate)]
        [ValidateNotNullOrEmpty]
        public string CertificatePath { get; set; } = string.Empty;

        /// <summary>The password that opens the PFX, as a SecureString (Read-Host -AsSecureString). Omit it only for a PFX without a password.</summary>
        [Parameter(ParameterSetName = ByCertificate)]
        public SecureString? CertificatePassword { get; set; }

        /// <summary>An API token requested on the portal (Threat Lookup without a certificate), as a SecureString (Read-Host -AsSecureString). Sent as an Authorization: Bearer header; cannot be combined with -Credential or -CertificatePath.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByApiToken)]
        public SecureString? ApiToken { get; set; }

        /// <summary>Free text shown by Get-TipSecret, e.g. who owns the account or where the certificate came from. Never put a password here: the description is not encrypted.</summary>
        [Parameter]
        public string? Description { get; set; }

        /// <summary>The secret type. Only ktl (Kaspersky Threat Lookup), the default, is supported.</summary>
        [Parameter]
        [ValidateSet(SecretTypes.Ktl)]
        public string Type { get; set; } = SecretTypes.Ktl;

        protected override void OnProcessRecord()
        {
            var secret = ParameterSetName == ByApiToken ? TokenSecret() : CertificateSecret();
            if (secret == null) return;
            if (!ShouldProcess($"secret '{Name}' in tenant '{Tenant}'", "Store")) return;
            try
            {
                var stored = Workspace.Secrets.Add(secret, WriteWarning);
                WriteVerbose(stored.Authentication == SecretAuthentication.ApiToken
                    ? $"Stored secret '{stored.Name}' for tenant '{stored.Tenant}' (API token {stored.TokenHint}; the portal reports its expiry once the connection uses it)."
                    : $"Stored secret '{stored.Name}' for tenant '{stored.Tenant}' (certificate {stored.CertificateSubject}, expires {stored.CertificateNotAfter:yyyy-MM-dd}).");
                WriteObject(stored);
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

        private NewSecret TokenSecret() => new NewSecret
        {
            Tenant = Tenant,
            Name = Name,
            Type = Type,
            ApiToken = SecureStrings.Plain(ApiToken) ?? string.Empty,
            Description = Description,
        };

        private NewSecret? CertificateSecret()
        {
            var pfx = ReadFile(CertificatePath, nameof(CertificatePath));
            if (pfx == null) return null;
            var credential = Credential.GetNetworkCredential();
            return new NewSecret
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
            };
        }
    }
}
