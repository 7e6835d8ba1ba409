using KumaTip.PowerShell.Tests.Infrastructure;
using KumaTip.Simulator;

namespace KumaTip.PowerShell.Tests;

/// <summary>
/// The TIP client from the staged module, inside the real PowerShell 7.6 engine, against the simulator: proves its
/// dependencies (Microsoft.Extensions.Http, Polly, System.Text.Json, TimeProvider) load and bind next to PowerShell's own.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class TipClientInEngineTests : IAsyncLifetime
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "kumatip-sim-" + Guid.NewGuid().ToString("N"));
    private readonly ModuleHost _host = new();
    private TipSimulator _simulator = null!;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _simulator = await TipSimulator.StartAsync(new TipSimulatorOptions { StateDirectory = _state }, timeout.Token);
    }

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        _host.Dispose();
        try { Directory.Delete(_state, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void Staged_client_looks_up_the_seed_url_over_mutual_tls()
    {
        const string script = """
            param($Endpoint, $User, $Password, $PfxPath, $PfxPassword, $CaPath)
            # The module loads KumaTip.Core on first use, as a cmdlet would.
            $indicator = Import-TipIndicator -Text 'hxxp://dd.daywinners[.]com/d/VFZvqeP-V1ffkQ.exe'
            $options = [KumaTip.Core.Api.TipConnectionOptions]::new()
            $options.Endpoint = $Endpoint
            $options.User = $User
            $options.Password = $Password
            $options.PfxBytes = [System.IO.File]::ReadAllBytes($PfxPath)
            $options.PfxPassword = $PfxPassword
            $options.TrustedCaPem = [System.IO.File]::ReadAllText($CaPath)
            $client = [KumaTip.Core.Api.TipClient]::new($options, $null)
            try {
                $sections = [KumaTip.Core.Api.SectionCatalog]::Resolve($indicator.Type, [string[]]@('urlgeneralinfo'))
                $timeout = [System.Threading.CancellationTokenSource]::new([TimeSpan]::FromSeconds(60))
                $response = $client.LookupAsync($indicator, [string[]]@($sections), 5, $timeout.Token).GetAwaiter().GetResult()
                [pscustomobject]@{ Zone = "$($response.Zone)"; Host = $response.Sections.UrlGeneralInfo.Host; Quota = $client.LastLicenseInfo.DayQuota }
            } finally { $client.Dispose() }
            """;
        var account = _simulator.Account;

        var result = _host.RunWith(script, new Dictionary<string, object?>
        {
            ["Endpoint"] = _simulator.BaseAddress,
            ["User"] = account.User,
            ["Password"] = account.Password,
            ["PfxPath"] = _simulator.ClientPfxPath,
            ["PfxPassword"] = account.PfxPassword,
            ["CaPath"] = _simulator.CaPemPath,
        });

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        var output = Assert.Single(result.Output);
        Assert.Equal("Red", output.Properties["Zone"].Value);
        Assert.Equal("dd.daywinners.com", output.Properties["Host"].Value);
        Assert.Equal(100, output.Properties["Quota"].Value);
        Assert.False(result.AllText().Contains(account.Password, StringComparison.Ordinal), "a secret appears in the text");
    }
}
