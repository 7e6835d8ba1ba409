using KumaTip.Core.Api;
using KumaTip.Core.Connection;
using KumaTip.Core.Secrets;
using KumaTip.Core.Storage;
using KumaTip.Core.Tests.Secrets;
using KumaTip.Core.Tests.Simulator;
using KumaTip.Simulator;

namespace KumaTip.Core.Tests.Connection;

/// <summary>A tenant pointed at OpenTIP with a token secret, end to end against the simulator's OpenTIP stand-in.</summary>
public sealed class OpenTipConnectionTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>, IDisposable
{
    private readonly TempDirectory _temp = new();
    private TipWorkspace? _workspace;

    private TipSimulator Sim => fixture.Simulator;

    public void Dispose()
    {
        _workspace?.Dispose();
        _temp.Dispose();
    }

    private TipWorkspace Workspace => _workspace ??= new TipWorkspace(_temp.Path);

    private void UseOpenTip(string secret)
    {
        Workspace.Settings.Update("Main", new SettingsUpdate
        {
            Service = PortalService.OpenTip, Secret = secret, Endpoint = Sim.OpenTipBaseAddress, TrustedCa = File.ReadAllBytes(Sim.CaPemPath),
        });
    }

    [Fact]
    public void The_resolved_connection_names_OpenTIP_and_carries_the_token()
    {
        Workspace.Secrets.Add(new NewSecret { Name = "free", ApiToken = Sim.OpenTipApiKey });
        UseOpenTip("free");

        var options = new ConnectionResolver(Workspace.Settings, Workspace.Secrets).Resolve("Main");

        Assert.Equal(PortalService.OpenTip, options.Service);
        Assert.Equal(Sim.OpenTipApiKey, options.ApiToken);
        Assert.Empty(options.PfxBytes);
    }

    [Fact]
    public void A_certificate_secret_on_OpenTIP_is_refused_before_any_request_with_what_to_do()
    {
        Workspace.Secrets.Add(new NewSecret
        {
            Name = "cert", User = "analyst", Password = "pw-never-shown", Certificate = TestCertificates.ValidPfx("p"), CertificatePassword = "p",
        });
        UseOpenTip("cert");

        var error = Assert.Throws<TipConnectionUnavailableException>(() => new ConnectionResolver(Workspace.Settings, Workspace.Secrets).Resolve("Main"));

        Assert.Equal(ConnectionUnavailableReason.SecretNotForService, error.Reason);
        Assert.Contains("-ApiToken", error.Message);
        Assert.Contains("Set-TipSettings -Service Tip", error.Message);
        Assert.DoesNotContain("pw-never-shown", error.Message);
    }

    [Fact]
    public async Task The_connection_test_reaches_OpenTIP_with_the_token()
    {
        Workspace.Secrets.Add(new NewSecret { Name = "free", ApiToken = Sim.OpenTipApiKey });
        UseOpenTip("free");

        var result = await Workspace.CreateTester(o => new TipClient(o)).TestAsync("Main", new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal("opentip", Sim.ReadRequestLog().Last().Account);
    }
}
