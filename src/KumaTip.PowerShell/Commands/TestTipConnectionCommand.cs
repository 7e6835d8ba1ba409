using System.Management.Automation;
using KumaTip.Core.Api;
using KumaTip.Core.Connection;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Checks the tenant's Kaspersky Threat Lookup connection with one cheap request (Zone,LicenseInfo).</para>
    /// <para type="description">Reports reachability, authentication, Terms of Use, API access and quota as a TipConnectionTest whose
    /// Message says what to do on failure. A disabled connection makes no request. The request counts against the quota.</para>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "TipConnection")]
    [OutputType(typeof(TipConnectionTest))]
    public sealed class TestTipConnectionCommand : WorkspaceCmdlet
    {
        protected override void ProcessRecord()
        {
            var tester = Workspace.CreateTester(options => new TipClient(options));
            var tenant = Tenant;
            RunAsync(async () =>
            {
                var result = await tester.TestAsync(tenant, StopToken).ConfigureAwait(false);
                QueueVerbose($"Test-TipConnection for tenant '{result.Tenant}' against {result.Endpoint}: {(result.Succeeded ? "succeeded" : "failed")}" +
                             (result.StatusCode.HasValue ? $" (HTTP {result.StatusCode})" : string.Empty) + $" in {result.Elapsed.TotalMilliseconds:N0} ms.");
                QueueObject(result);
            });
        }
    }
}
