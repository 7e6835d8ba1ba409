using System;
using System.Linq;
using System.Management.Automation;
using KumaTip.Core.Secrets;
using KumaTip.Core.Storage;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Lists a tenant's Threat Lookup secrets: name, how each signs in, masked user or token, description and certificate details, never the secret values.</summary>
    /// <remarks>
    /// Get-TipSecret reads the secrets stored with New-TipSecret in the data directory and makes no request to the
    /// portal. Each TipSecret shows Name, Tenant, Type (ktl), Authentication (Certificate for a user, password and client
    /// certificate; ApiToken for a token), User masked to its first two characters (an*****, empty for a token secret),
    /// TokenHint (a token secret's last four characters after a mask, *****x7Qa, to tell a rotated token from the old
    /// one), the Description, the client certificate's CertificateSubject, CertificateThumbprint and CertificateNotAfter
    /// (UTC), and when the secret was Created and last Modified. Passwords, the PFX, its password and the token are never
    /// shown by any cmdlet. A token's expiry is not stored with it: the portal reports it (Get-TipLicense,
    /// Test-TipConnection: TokenExpirationDate).
    ///
    /// Secrets are listed by name. -Name takes wildcards and is compared without regard to case. A name without
    /// wildcards that matches no secret of the tenant gives a non-terminating SecretNotFound error (category
    /// ObjectNotFound); a wildcard pattern that matches nothing returns nothing. Only the tenant given with -Tenant
    /// (default Main) is read.
    ///
    /// The objects can be piped to Set-TipSecret and Remove-TipSecret, which then act on each secret in its own tenant.
    /// </remarks>
    /// <example>
    /// <code>Get-TipSecret</code>
    /// <para>Lists every secret of the default tenant Main with its masked user and certificate expiry.</para>
    /// </example>
    /// <example>
    /// <code>Get-TipSecret -Tenant Contoso | Where-Object CertificateNotAfter -lt ([DateTimeOffset]::UtcNow.AddDays(30)) | Format-Table Name, CertificateSubject, CertificateNotAfter</code>
    /// <para>A monthly check: which of the customer's client certificates expire within 30 days and must be renewed on the portal (then stored with Set-TipSecret -CertificatePath).</para>
    /// </example>
    /// <example>
    /// <code>Get-TipSecret -Name prod -ErrorAction Stop | Out-Null</code>
    /// <para>A runbook guard: stops with SecretNotFound, naming the tenant, when the secret prod was never created for this user's data directory (a scheduled task running as another account has its own).</para>
    /// </example>
    /// <example>
    /// <code>Get-TipSecret -Name 'test-*', 'sim*'</code>
    /// <para>Shows the secrets whose names start with test- or sim, in any case; a pattern that matches nothing is not an error.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "TipSecret", HelpUri = HelpLinks.Base + "Get-TipSecret.md")]
    [OutputType(typeof(TipSecret))]
    public sealed class GetTipSecretCommand : WorkspaceCmdlet
    {
        /// <summary>Only reads: a read-only data directory is opened read-only.</summary>
        internal override StorageAccess Access => StorageAccess.Read;

        /// <summary>Names of the secrets to show; wildcards are allowed and case is ignored. All of the tenant's secrets when omitted. A name without wildcards that matches nothing is reported as SecretNotFound.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(SecretNameCompleter))]
        public string[] Name { get; set; } = { "*" };

        protected override void OnProcessRecord()
        {
            try
            {
                var secrets = Workspace.Secrets.List(Tenant);
                foreach (var name in Name)
                {
                    var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                    var matches = secrets.Where(s => pattern.IsMatch(s.Name)).ToList();
                    if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                    {
                        WriteError(TipErrors.From(new TipSecretException(TipSecretError.NotFound,
                            $"There is no secret named '{name}' in tenant '{Tenant}'. List the tenant's secrets with Get-TipSecret -Tenant '{Tenant}'."), name));
                        continue;
                    }
                    WriteObject(matches, enumerateCollection: true);
                }
            }
            catch (ArgumentException ex)
            {
                WriteError(TipErrors.InvalidTenant(ex, Tenant));
            }
        }
    }
}
