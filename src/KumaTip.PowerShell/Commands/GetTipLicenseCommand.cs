using System;
using System.Management.Automation;
using KumaTip.Core.Connection;
using KumaTip.Core.Storage;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Shows a tenant's Threat Lookup quota: the portal's last LicenseInfo next to KumaTip's own count of requests spent, and how many are left today.</summary>
    /// <remarks>
    /// Get-TipLicense makes no request and spends no quota. It combines two sources. The portal's figures (AccessType:
    /// Commercial or Trial; DayRequests; DayQuota; TokenExpirationDate) are those of its last answer with LicenseInfo,
    /// received when LicenseSeenAt says; Test-TipConnection refreshes them with one request. KumaTip's own ledger,
    /// which records every request the portal answered for this tenant's commands in this data directory, gives
    /// RequestsToday (since midnight UTC) and RequestsTotal.
    ///
    /// Remaining is the daily quota minus the portal's count at its last answer, minus the requests KumaTip made since;
    /// when that answer is from an earlier UTC day, the quota minus RequestsToday. It is empty while the quota is
    /// unknown, that is until the portal has answered once (-Verbose then says so). Requests made with the same account
    /// from another machine, user or tool are only seen after the portal answers again, so refresh with
    /// Test-TipConnection before relying on Remaining for a large batch.
    ///
    /// When the connection signs in with an API token and the last LicenseInfo seen since the token was stored gives a
    /// TokenExpirationDate less than 30 days away (or past), a warning says so and how to rotate the token.
    ///
    /// Quota and ledger are per tenant (-Tenant, default Main). Cached results and duplicates in the input cost no
    /// request; Invoke-TipLookup -WhatIf forecasts what a lookup would spend.
    /// </remarks>
    /// <example>
    /// <code>Get-TipLicense</code>
    /// <para>Shows the default tenant's access type, daily quota, the portal's and KumaTip's counts, and the requests left today.</para>
    /// </example>
    /// <example>
    /// <code>$indicators = @(Import-TipIndicator -Path .\feed.csv)
    /// $test = Test-TipConnection
    /// if (-not $test.Succeeded) { throw $test.Message }
    /// $license = Get-TipLicense
    /// if ($null -eq $license.Remaining -or $license.Remaining -lt $indicators.Count) {
    ///     throw "The feed has $($indicators.Count) indicators but only $($license.Remaining) of $($license.DayQuota) requests are left today."
    /// }
    /// $indicators | Invoke-TipLookup | Export-TipReport -Path .\feed.html -Force</code>
    /// <para>A runbook step before a big batch: refreshes the portal's figures with one request, stops when the connection does not work, and stops rather than run out of quota halfway through the feed. The check is conservative, as cached indicators would cost nothing.</para>
    /// </example>
    /// <example>
    /// <code>'Contoso', 'Fabrikam' | ForEach-Object { Get-TipLicense -Tenant $_ } | Format-Table Tenant, AccessType, DayQuota, Remaining, RequestsToday, LicenseSeenAt, TokenExpirationDate</code>
    /// <para>An MSSP's morning check of every customer's quota and licence expiry, without spending a request.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "TipLicense", HelpUri = HelpLinks.Base + "Get-TipLicense.md")]
    [OutputType(typeof(TipLicense))]
    public sealed class GetTipLicenseCommand : WorkspaceCmdlet
    {
        /// <summary>Only reads: a read-only data directory is opened read-only.</summary>
        internal override StorageAccess Access => StorageAccess.Read;

        protected override void OnProcessRecord()
        {
            try
            {
                var license = Workspace.LicenseReporter.Get(Tenant);
                if (license.LicenseSeenAt == null)
                {
                    WriteVerbose($"The portal has not answered for tenant '{license.Tenant}' yet; run Test-TipConnection -Tenant '{license.Tenant}' to fetch its LicenseInfo.");
                }
                WriteObject(license);
                var warning = Workspace.TokenExpiry.WarningFor(Tenant);
                if (warning != null) WriteWarning(warning);
            }
            catch (ArgumentException ex)
            {
                WriteError(TipErrors.InvalidTenant(ex, Tenant));
            }
        }
    }
}
