using System;
using System.Management.Automation;
using KumaTip.Core.Storage;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Shows a tenant's "Kaspersky Threat Lookup" connection settings, or the defaults when nothing was set.</summary>
    /// <remarks>
    /// Get-TipSettings reads the settings that Set-TipSettings stored for the tenant (-Tenant, default Main) and makes
    /// no request to the portal. It returns one TipSettings: Tenant; Disabled; Secret (the name of the secret the
    /// connection uses, empty when none is set); SecretAuthentication (how that secret signs in: Certificate, or ApiToken
    /// for a token sent without a certificate; empty when the secret is gone); Endpoint; Proxy; ProxyUser (masked, like pr*****); TrustedCa and
    /// TrustedCaThumbprint (the subject and thumbprint of the extra trusted CA); MaxRecords; CacheTtl; ThrottleLimit; and
    /// Modified (UTC, empty while the settings are the defaults).
    ///
    /// A tenant that never set anything gets the defaults: enabled, no secret, https://tip.kaspersky.com, no proxy, no
    /// extra CA, 10 records per data group, a 7-day cache and 4 concurrent requests. No password, proxy password or
    /// key is ever shown. To prove that the settings work, run Test-TipConnection.
    /// </remarks>
    /// <example>
    /// <code>Get-TipSettings | Format-List</code>
    /// <para>Shows every setting of the default tenant Main, e.g. to check which secret, proxy and endpoint are in use before reporting a connection problem.</para>
    /// </example>
    /// <example>
    /// <code>$settings = Get-TipSettings -Tenant Contoso
    /// if ($settings.Disabled -or -not $settings.Secret) {
    ///     throw "The Threat Lookup connection of tenant Contoso is disabled or has no secret; see Set-TipSettings."
    /// }</code>
    /// <para>A runbook guard: stops early, with a message the on-call analyst can act on, instead of failing on every indicator later.</para>
    /// </example>
    /// <example>
    /// <code>'Main', 'Contoso', 'Lab' | ForEach-Object { Get-TipSettings -Tenant $_ } | Format-Table Tenant, Disabled, Secret, Endpoint, Proxy, TrustedCa</code>
    /// <para>Compares the connections of several tenants side by side, e.g. to spot the Lab tenant that still points at the simulator.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "TipSettings", HelpUri = HelpLinks.Base + "Get-TipSettings.md")]
    [OutputType(typeof(TipSettings))]
    public sealed class GetTipSettingsCommand : WorkspaceCmdlet
    {
        /// <summary>Only reads: a read-only data directory is opened read-only.</summary>
        internal override StorageAccess Access => StorageAccess.Read;

        protected override void OnProcessRecord()
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
