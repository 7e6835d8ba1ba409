using KumaTip.Core.Api;
using KumaTip.Core.Secrets;
using KumaTip.Core.Storage;
using KumaTip.Core.Tests.Simulator;
using KumaTip.Simulator;

namespace KumaTip.Core.Tests.Connection;

/// <summary>
/// A token secret end to end against the simulator: the connection test signs in with it, the portal's
/// TokenExpirationDate is kept for Get-TipLicense, and a token near its expiry is warned about (only for the token
/// the portal described, not one stored since).
/// </summary>
public sealed class TokenConnectionTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>, IDisposable
{
    private readonly TempDirectory _temp = new();
    private TipWorkspace? _workspace;

    private TipSimulator Sim => fixture.Simulator;

    public void Dispose()
    {
        _workspace?.Dispose();
        _temp.Dispose();
    }

    private TipWorkspace Connect(SimulatorAccount account)
    {
        _workspace = new TipWorkspace(_temp.Path);
        _workspace.Secrets.Add(new NewSecret { Name = "tok", ApiToken = account.ApiToken });
        _workspace.Settings.Update("Main", new SettingsUpdate
        {
            Secret = "tok", Endpoint = Sim.BaseAddress, TrustedCa = File.ReadAllBytes(Sim.CaPemPath),
        });
        return _workspace;
    }

    [Fact]
    public async Task The_connection_test_signs_in_with_the_token_and_keeps_its_expiry()
    {
        var workspace = Connect(Sim.Account);

        var result = await workspace.CreateTester(o => new TipClient(o)).TestAsync("Main", TestToken());

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(SecretAuthentication.ApiToken, result.Authentication);
        Assert.Null(result.CertificateNotAfter);
        Assert.Equal(Sim.Account.TokenExpires, result.TokenExpirationDate);
        Assert.Contains($"API token that expires on {Sim.Account.TokenExpires!.Value:yyyy-MM-dd}", result.Message);
        Assert.Equal(Sim.Account.TokenExpires, workspace.LicenseReporter.Get("Main").TokenExpirationDate);
        Assert.Equal(SecretAuthentication.ApiToken, workspace.Settings.Get("Main").SecretAuthentication);
        Assert.Null(workspace.TokenExpiry.WarningFor("Main"));
        var logged = Sim.ReadRequestLog().Last(e => e.Account == Sim.Account.User);
        Assert.Equal(("Bearer", false), (logged.Authentication, logged.ClientCertificate));
    }

    [Fact]
    public async Task A_token_that_expires_within_thirty_days_is_warned_about_until_it_is_rotated()
    {
        var workspace = Connect(Sim.GetAccount(SimulatorAccountKind.TokenExpiringSoon));

        var result = await workspace.CreateTester(o => new TipClient(o)).TestAsync("Main", TestToken());
        var warning = workspace.TokenExpiry.WarningFor("Main");
        workspace.Secrets.Update("Main", "tok", new SecretUpdate { ApiToken = Sim.Account.ApiToken });

        Assert.True(result.Succeeded, result.Message);
        Assert.NotNull(warning);
        Assert.Contains("secret 'tok' expires on", warning);
        Assert.Contains("Set-TipSecret -Name 'tok' -ApiToken", warning);
        Assert.Null(workspace.TokenExpiry.WarningFor("Main"));
    }

    [Fact]
    public async Task A_certificate_connection_is_not_warned_about_the_accounts_token()
    {
        _workspace = new TipWorkspace(_temp.Path);
        _workspace.Secrets.Add(new NewSecret
        {
            Name = "cert", User = Sim.GetAccount(SimulatorAccountKind.TokenExpiringSoon).User, Password = Sim.GetAccount(SimulatorAccountKind.TokenExpiringSoon).Password,
            Certificate = File.ReadAllBytes(Sim.ClientPfxPath), CertificatePassword = Sim.Account.PfxPassword,
        });
        _workspace.Settings.Update("Main", new SettingsUpdate { Secret = "cert", Endpoint = Sim.BaseAddress, TrustedCa = File.ReadAllBytes(Sim.CaPemPath) });

        var result = await _workspace.CreateTester(o => new TipClient(o)).TestAsync("Main", TestToken());

        Assert.True(result.Succeeded, result.Message);
        Assert.NotNull(result.TokenExpirationDate);
        Assert.Equal(SecretAuthentication.Certificate, result.Authentication);
        Assert.Null(_workspace.TokenExpiry.WarningFor("Main"));
    }

    private static CancellationToken TestToken() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;
}
