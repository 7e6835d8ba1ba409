using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using KumaTip.Simulator;
using static KumaTip.Core.Tests.Simulator.SimulatorHttp;

namespace KumaTip.Core.Tests.Simulator;

/// <summary>
/// API tokens on the simulator, as tip-api.md §1 describes them: a Bearer token opens Threat Lookup without a client
/// certificate, LicenseInfo carries its TokenExpirationDate, and any other service answers 403 to a token.
/// </summary>
public sealed class SimulatorTokenTests : IClassFixture<SimulatorFixture>, IDisposable
{
    private readonly SimulatorFixture _fixture;
    private readonly List<HttpClient> _clients = new();

    public SimulatorTokenTests(SimulatorFixture fixture) => _fixture = fixture;

    private TipSimulator Simulator => _fixture.Simulator;

    public void Dispose()
    {
        foreach (var client in _clients) client.Dispose();
    }

    private HttpClient TokenClient(string token)
    {
        var client = CreateTokenClient(Simulator, token);
        _clients.Add(client);
        return client;
    }

    private SimulatorRequestLogEntry LastLogged(string value) => Simulator.ReadRequestLog().Last(e => e.Value == value);

    [Fact]
    public async Task A_token_without_a_client_certificate_looks_up_and_reports_the_tokens_expiry()
    {
        var account = Simulator.Account;
        var client = TokenClient(account.ApiToken);

        var root = await GetJsonAsync(client, "api/domain/token-lookup.example.com?sections=Zone,LicenseInfo");

        var expires = root.GetProperty("LicenseInfo").GetProperty("TokenExpirationDate").GetString()!;
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\dZ$", expires);
        Assert.Equal(account.TokenExpires, DateTimeOffset.Parse(expires, CultureInfo.InvariantCulture));
        Assert.True(account.TokenExpires > DateTimeOffset.UtcNow.AddDays(360), "a new token is valid for a year");
        var logged = LastLogged("token-lookup.example.com");
        Assert.Equal((account.User, "Bearer", false, 200), (logged.Account, logged.Authentication, logged.ClientCertificate, logged.Status));
    }

    [Fact]
    public async Task An_unknown_token_is_401_asking_for_a_bearer_token_and_logs_no_account()
    {
        var client = TokenClient("not-a-token-of-this-simulator-0123456789");

        var (status, body, response) = await GetAsync(client, "api/domain/wrong-token.example.com?sections=Zone");

        Assert.Equal(401, status);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("API token", body);
        Assert.Equal("", LastLogged("wrong-token.example.com").Account);
        Assert.DoesNotContain(Simulator.ReadRequestLog(), e => JsonSerializer.Serialize(e).Contains("not-a-token", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("PUT", "api/sandbox/tasks/file/4f2a")]
    [InlineData("DELETE", "api/sandbox/tasks/file_from_url/4f2a")]
    [InlineData("GET", "api/publications/get_list?date_start=1700000000&date_end=1700086400")]
    public async Task A_token_on_a_service_other_than_threat_lookup_is_403_with_the_portals_words(string method, string path)
    {
        var client = TokenClient(Simulator.Account.ApiToken);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Contains("using an API token is forbidden for this service", body);
        Assert.Contains("only for running Threat Lookup API requests", body);
    }

    [Fact]
    public async Task The_same_service_with_a_user_and_certificate_is_not_refused_for_a_token()
    {
        var client = _fixture.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/publications/get_list");

        using var response = await client.SendAsync(request);

        Assert.DoesNotContain("API token", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_user_and_password_without_a_client_certificate_are_refused_naming_the_certificate()
    {
        var client = TokenClient("unused-token-placeholder-000000");
        var account = Simulator.Account;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(account.User + ":" + account.Password)));

        var (status, body, _) = await GetAsync(client, "api/domain/no-cert.example.com?sections=Zone");

        Assert.Equal(403, status);
        Assert.Contains("client certificate is required", body);
        var logged = LastLogged("no-cert.example.com");
        Assert.Equal(("Basic", false), (logged.Authentication, logged.ClientCertificate));
    }

    [Fact]
    public async Task The_soon_expiring_account_reports_a_token_expiring_in_ten_days()
    {
        var client = TokenClient(Simulator.GetAccount(SimulatorAccountKind.TokenExpiringSoon).ApiToken);

        var root = await GetJsonAsync(client, "api/ip/8.8.8.8?sections=LicenseInfo");

        var expires = DateTimeOffset.Parse(root.GetProperty("LicenseInfo").GetProperty("TokenExpirationDate").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromDays(9.9), TimeSpan.FromDays(10));
    }

    [Fact]
    public async Task Account_states_apply_to_token_requests_too()
    {
        var client = TokenClient(Simulator.GetAccount(SimulatorAccountKind.NoApiAccess).ApiToken);

        var (status, body, _) = await GetAsync(client, "api/domain/example.com?sections=Zone");

        Assert.Equal(403, status);
        Assert.Contains("does not have access to the Threat Lookup API", body);
    }

    [Fact]
    public async Task Account_json_holds_the_normal_accounts_token_on_top_and_every_accounts_token()
    {
        var file = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Simulator.StateDirectory, "account.json"))).RootElement;

        Assert.Equal(Simulator.Account.ApiToken, file.GetProperty("ApiToken").GetString());
        var tokens = file.GetProperty("Accounts").EnumerateArray().Select(a => a.GetProperty("ApiToken").GetString()).ToList();
        Assert.Equal(Enum.GetValues<SimulatorAccountKind>().Length, tokens.Distinct().Count());
        Assert.All(tokens, t => Assert.True(t!.Length >= 40, "tokens are long random strings"));
    }
}
