using System.Management.Automation;
using KumaTip.PowerShell.Tests.Infrastructure;
using KumaTip.Simulator;

namespace KumaTip.PowerShell.Tests;

/// <summary>Test-TipConnection on the real engine, over real mutual TLS to the simulator.</summary>
[Collection(PowerShellCollection.Name)]
public sealed class TestTipConnectionTests : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly ModuleHost _host = new();
    private readonly string _state = Path.Combine(Path.GetTempPath(), "kumatip-sim-" + Guid.NewGuid().ToString("N"));
    private TipSimulator _simulator = null!;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        _simulator = await TipSimulator.StartAsync(new TipSimulatorOptions { StateDirectory = _state }, timeout.Token);
    }

    public async Task DisposeAsync()
    {
        try
        {
            // Bounded: a simulator that does not shut down must fail this test class, not hang the run.
            await _simulator.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            _host.Dispose();
            try { Directory.Delete(_state, recursive: true); } catch (IOException) { }
        }
    }

    private static object? Prop(PSObject o, string name) => o.Properties[name].Value;

    private void Connect(SimulatorAccount account, string tenant = "Main")
    {
        _host.Run("New-TipSecret -Name sim -Tenant $args[0] -Credential $args[1] -CertificatePath $args[2] -CertificatePassword $args[3]",
            tenant, TestSecrets.Credential(account.User, account.Password), _simulator.ClientPfxPath, TestSecrets.Secure(account.PfxPassword)).AssertNoErrors();
        _host.Run("Set-TipSettings -Tenant $args[0] -Secret sim -Endpoint $args[1] -TrustedCaPath $args[2]",
            tenant, _simulator.BaseAddress, _simulator.CaPemPath).AssertNoErrors();
    }

    [Fact]
    public void Working_connection_reports_license_and_spends_one_logged_request()
    {
        var account = _simulator.Account;
        Connect(account);

        var result = _host.Run("Test-TipConnection -Verbose -Debug").AssertNoErrors();

        var test = Assert.Single(result.Output);
        Assert.Equal("KumaTip.Core.Connection.TipConnectionTest", test.BaseObject.GetType().FullName);
        Assert.True((bool)Prop(test, "Succeeded")!, Prop(test, "Message")?.ToString());
        Assert.Equal(200, Prop(test, "StatusCode"));
        Assert.Equal("Main", Prop(test, "Tenant"));
        Assert.NotNull(Prop(test, "AccessType"));
        Assert.NotNull(Prop(test, "DayQuota"));
        Assert.NotNull(Prop(test, "CertificateNotAfter"));
        var request = Assert.Single(_simulator.ReadRequestLog());
        Assert.Equal("Zone,LicenseInfo", request.Sections);
        var all = result.AllText();
        Assert.False(all.Contains(account.Password, StringComparison.Ordinal), "a secret appears in the text");
        Assert.False(all.Contains(account.PfxPassword, StringComparison.Ordinal), "a secret appears in the text");

        var license = Assert.Single(_host.Run("Get-TipLicense").AssertNoErrors().Output);
        Assert.Equal(1, Prop(license, "RequestsToday"));
        Assert.Equal(1, Prop(license, "RequestsTotal"));
        Assert.Equal(Prop(test, "DayQuota"), Prop(license, "DayQuota"));
        Assert.NotNull(Prop(license, "Remaining"));
        TestSecrets.AssertNotInFiles(_host.Home, account.Password, account.PfxPassword);
    }

    [Fact]
    public void Verbose_shows_the_retry_of_a_failing_portal()
    {
        Connect(_simulator.Account);
        _simulator.Faults.ForcedStatus = 503;

        var result = _host.Run("Test-TipConnection -Verbose").AssertNoErrors();

        var test = Assert.Single(result.Output);
        Assert.False((bool)Prop(test, "Succeeded")!);
        Assert.Equal(503, Prop(test, "StatusCode"));
        var retry = Assert.Single(result.Verbose, v => v.Message.StartsWith("Attempt ", StringComparison.Ordinal));
        Assert.StartsWith("Attempt 1 of 2 to look up the domain 'example.com' failed (HTTP 503); trying again in ", retry.Message);
        Assert.Equal(2, _simulator.ReadRequestLog().Count);
    }

    [Fact]
    public void Terms_not_accepted_is_a_failed_test_with_an_actionable_message()
    {
        Connect(_simulator.GetAccount(SimulatorAccountKind.TermsNotAccepted));

        var test = Assert.Single(_host.Run("Test-TipConnection").AssertNoErrors().Output);

        Assert.False((bool)Prop(test, "Succeeded")!);
        Assert.Equal(401, Prop(test, "StatusCode"));
        Assert.Contains("Terms", Prop(test, "Message")!.ToString());
    }

    [Fact]
    public void Account_without_api_access_is_a_failed_test_with_403()
    {
        Connect(_simulator.GetAccount(SimulatorAccountKind.NoApiAccess));

        var test = Assert.Single(_host.Run("Test-TipConnection").AssertNoErrors().Output);

        Assert.False((bool)Prop(test, "Succeeded")!);
        Assert.Equal(403, Prop(test, "StatusCode"));
    }

    [Fact]
    public void Spent_quota_is_a_failed_test_that_names_the_quota()
    {
        Connect(_simulator.GetAccount(SimulatorAccountKind.QuotaSpent));

        var test = Assert.Single(_host.Run("Test-TipConnection").AssertNoErrors().Output);

        Assert.False((bool)Prop(test, "Succeeded")!);
        Assert.Equal(403, Prop(test, "StatusCode"));
        Assert.Contains("quota", Prop(test, "Message")!.ToString());
    }

    [Fact]
    public void Disabled_connection_makes_no_request_and_says_so()
    {
        Connect(_simulator.Account, "CustomerA");
        _host.Run("Set-TipSettings -Tenant CustomerA -Disabled").AssertNoErrors();

        var test = Assert.Single(_host.Run("Test-TipConnection -Tenant CustomerA").AssertNoErrors().Output);

        Assert.False((bool)Prop(test, "Succeeded")!);
        Assert.Null(Prop(test, "StatusCode"));
        Assert.Contains("Set-TipSettings -Tenant 'CustomerA' -Disabled:$false", Prop(test, "Message")!.ToString());
        Assert.Empty(_simulator.ReadRequestLog());
    }

    [Fact]
    public void A_tenant_without_a_secret_makes_no_request_even_when_another_tenant_has_one()
    {
        Connect(_simulator.Account, "CustomerA");

        var test = Assert.Single(_host.Run("Test-TipConnection -Tenant CustomerB").AssertNoErrors().Output);

        Assert.False((bool)Prop(test, "Succeeded")!);
        Assert.Contains("no secret", Prop(test, "Message")!.ToString());
        Assert.Empty(_simulator.ReadRequestLog());
    }
}
