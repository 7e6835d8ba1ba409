using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using KumaTip.Simulator;
using static KumaTip.Core.Tests.Simulator.SimulatorHttp;

namespace KumaTip.Core.Tests.Simulator;

public sealed class SimulatorAccessTests : IClassFixture<SimulatorFixture>
{
    private readonly SimulatorFixture _fixture;

    public SimulatorAccessTests(SimulatorFixture fixture) => _fixture = fixture;

    private TipSimulator Simulator => _fixture.Simulator;

    [Fact]
    public async Task State_folder_holds_the_contract_files()
    {
        Assert.True(File.Exists(Simulator.CaPemPath));
        Assert.True(File.Exists(Simulator.ClientPfxPath));
        Assert.True(File.Exists(Path.Combine(Simulator.StateDirectory, "account.json")));
        Assert.Equal("https", Simulator.BaseAddress.Scheme);
        Assert.Equal("127.0.0.1", Simulator.BaseAddress.Host);
        using var client = X509CertificateLoader.LoadPkcs12FromFile(Simulator.ClientPfxPath, Simulator.Account.PfxPassword);
        Assert.True(client.HasPrivateKey);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Wrong_password_is_401()
    {
        var account = Simulator.Account with { Password = "wrong" };
        using var client = CreateClient(Simulator, account);

        var (status, _, response) = await GetAsync(client, "api/domain/example.com?sections=Zone");

        Assert.Equal(401, status);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Missing_basic_auth_is_401()
    {
        var client = _fixture.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/domain/example.com?sections=Zone");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "token");

        using var response = await client.SendAsync(request);

        Assert.Equal(401, (int)response.StatusCode);
    }

    [Fact]
    public async Task Terms_not_accepted_is_401_as_an_html_page_saying_so()
    {
        var client = _fixture.Client(Simulator.GetAccount(SimulatorAccountKind.TermsNotAccepted));

        var (status, body, response) = await GetAsync(client, "api/domain/example.com?sections=Zone");

        Assert.Equal(401, status);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Terms and Conditions", body);
    }

    [Fact]
    public async Task No_api_access_is_403_saying_so()
    {
        var client = _fixture.Client(Simulator.GetAccount(SimulatorAccountKind.NoApiAccess));

        var (status, body, _) = await GetAsync(client, "api/domain/example.com?sections=Zone");

        Assert.Equal(403, status);
        Assert.Contains("does not have access to the Threat Lookup API", body);
    }

    [Fact]
    public async Task Spent_quota_account_is_403_saying_the_daily_quota_is_exceeded()
    {
        var client = _fixture.Client(Simulator.GetAccount(SimulatorAccountKind.QuotaSpent));

        var (status, body, _) = await GetAsync(client, "api/domain/example.com?sections=Zone");

        Assert.Equal(403, status);
        Assert.Contains("daily quota", body);
    }

    [Fact]
    public async Task Accounts_differ_by_user_and_share_the_pfx_password()
    {
        var kinds = Enum.GetValues<SimulatorAccountKind>().Select(Simulator.GetAccount).ToArray();

        Assert.Equal(kinds.Length, kinds.Select(a => a.User).Distinct().Count());
        Assert.Single(kinds.Select(a => a.PfxPassword).Distinct());
        Assert.Equal(SimulatorAccountKind.Normal, Simulator.Account.Kind);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Client_certificate_from_another_ca_is_refused_in_the_tls_handshake()
    {
        using var foreign = ForeignClientCertificate();
        using var client = CreateClient(Simulator, Simulator.Account, foreign);
        var before = Simulator.ReadRequestLog().Count;

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("api/domain/example.com?sections=Zone"));

        Assert.Equal(before, Simulator.ReadRequestLog().Count);
    }

    [Fact]
    public async Task Server_is_refused_by_a_client_that_does_not_trust_its_ca()
    {
        using var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) };
        handler.SslOptions.ClientCertificates = new X509CertificateCollection
        {
            X509CertificateLoader.LoadPkcs12FromFile(Simulator.ClientPfxPath, Simulator.Account.PfxPassword),
        };
        using var client = new HttpClient(handler) { BaseAddress = Simulator.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("api/domain/example.com?sections=Zone"));
    }

    [Fact]
    public async Task Daily_quota_is_counted_per_account_and_survives_a_restart()
    {
        using var directory = new TempDirectory();
        var options = SimulatorFixture.DefaultOptions(directory.Path);
        options.DayQuota = 2;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var statuses = new List<int>();
        await using (var simulator = await TipSimulator.StartAsync(options, timeout.Token))
        {
            using var client = CreateClient(simulator, simulator.Account);
            for (var i = 0; i < 3; i++)
            {
                statuses.Add((await GetAsync(client, "api/domain/example.com?sections=LicenseInfo")).Status);
            }
        }

        await using (var restarted = await TipSimulator.StartAsync(options, timeout.Token))
        {
            using var client = CreateClient(restarted, restarted.Account);
            var (status, body, _) = await GetAsync(client, "api/domain/example.com?sections=LicenseInfo");
            statuses.Add(status);
            Assert.Contains("daily quota", body);
        }

        Assert.Equal([200, 200, 403, 403], statuses);
    }

    private static X509Certificate2 ForeignClientCertificate()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Someone Else CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=KumaTip Simulator Client, O=KumaTip", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.2") }, false));
        using var leaf = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddMonths(6), [1, 2, 3, 4]);
        using var withKey = leaf.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12, "x"), "x");
    }
}
