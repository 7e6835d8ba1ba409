using System.Management.Automation;
using KumaTip.Core.Api;
using KumaTip.Core.Connection;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Checks a tenant's Kaspersky Threat Lookup connection with one cheap request (Zone and LicenseInfo of example.com): reachability, authentication, Terms of Use, API access and quota.</summary>
    /// <remarks>
    /// Test-TipConnection builds the connection from the tenant's settings and secret exactly as a lookup would (secret,
    /// endpoint, proxy and its credential, extra trusted CA) and asks the portal for the Zone and LicenseInfo of
    /// example.com. Every outcome is one TipConnectionTest, not an error, so a script can branch on Succeeded: True when
    /// the portal answered; StatusCode (the HTTP status, empty when no request was made or none was answered); Message
    /// (what happened and, on failure, what to do: check the user and password or the API token, or accept the Terms of
    /// Use on the portal for 401, API access or quota for 403, the network, proxy or trusted CA when the portal cannot be reached);
    /// AccessType, DayRequests, DayQuota and TokenExpirationDate from LicenseInfo; Authentication (how the secret signs
    /// in: Certificate, or ApiToken for a token sent as a Bearer header without a certificate); CertificateNotAfter of
    /// the secret's client certificate; Endpoint, Tenant and Elapsed. With a token secret, a TokenExpirationDate less
    /// than 30 days away (or past) also gives a warning saying when and how to rotate the token (Set-TipSecret
    /// -ApiToken), as a certificate about to expire does when it is stored.
    ///
    /// A connection that is disabled, has no secret, or names a secret that is gone or cannot be decrypted makes no
    /// request; Message says which and how to fix it. An answered request counts against the daily quota, is entered
    /// in KumaTip's ledger and keeps the LicenseInfo that Get-TipLicense shows afterwards. Secret values never appear in
    /// the result or in -Verbose output. Ctrl+C cancels the request.
    ///
    /// The test waits at most 5 s per attempt and 10 s in all (one retry), so an endpoint that accepts connections and
    /// never answers is reported within seconds. -Verbose shows the retry with its reason and wait.
    /// </remarks>
    /// <example>
    /// <code>Test-TipConnection</code>
    /// <para>Checks the default tenant Main after New-TipSecret and Set-TipSettings -Secret; Message says e.g. "Connected to https://tip.kaspersky.com/ for tenant 'Main'. Commercial access; 12 of 2000 requests used today."</para>
    /// </example>
    /// <example>
    /// <code>$test = Test-TipConnection -Tenant Contoso
    /// if (-not $test.Succeeded) { throw "TIP connection of Contoso: $($test.Message)" }</code>
    /// <para>A runbook's first step: stops with the portal's reason (wrong password, Terms of Use not accepted, quota spent, proxy unreachable) before any indicator is looked up.</para>
    /// </example>
    /// <example>
    /// <code>Test-TipConnection -Tenant Lab -Verbose | Format-List Succeeded, StatusCode, Message, DayQuota, CertificateNotAfter</code>
    /// <para>Proves a rehearsal set-up against the local simulator (see Set-TipSettings) before running runbooks with -Tenant Lab; -Verbose adds the endpoint, status and time taken, and any retry.</para>
    /// </example>
    [Cmdlet(VerbsDiagnostic.Test, "TipConnection", HelpUri = HelpLinks.Base + "Test-TipConnection.md")]
    [OutputType(typeof(TipConnectionTest))]
    public sealed class TestTipConnectionCommand : WorkspaceCmdlet
    {
        protected override void OnProcessRecord()
        {
            var tester = Workspace.CreateTester(options => new TipClient(options));
            var tenant = Tenant;
            RunAsync(async () =>
            {
                var result = await tester.TestAsync(tenant, StopToken, e => QueueVerbose(e.Message)).ConfigureAwait(false);
                QueueVerbose($"Test-TipConnection for tenant '{result.Tenant}' against {result.Endpoint}: {(result.Succeeded ? "succeeded" : "failed")}" +
                             (result.StatusCode.HasValue ? $" (HTTP {result.StatusCode})" : string.Empty) + $" in {result.Elapsed.TotalMilliseconds:N0} ms.");
                QueueObject(result);
                var warning = Workspace.TokenExpiry.WarningFor(tenant);
                if (warning != null) QueueWarning(warning);
            });
        }
    }
}
