using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using KumaTip.Simulator;

namespace KumaTip.Core.Tests.Simulator;

/// <summary>The OpenTIP stand-in, against tip-api.md §2.3, §5, §7.2 and §8.2 (not against our client).</summary>
public sealed class SimulatorOpenTipTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.Zero));
    private TipSimulator _simulator = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var options = SimulatorFixture.DefaultOptions(_directory.Path);
        options.TimeProvider = _time;
        options.OpenTipDayQuota = 6;
        options.OpenTipAnalysisTime = TimeSpan.FromMinutes(2);
        options.OpenTipMaxUploadBytes = 1024;
        _simulator = await TipSimulator.StartAsync(options);
        _client = Client(_simulator.OpenTipApiKey);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _simulator.DisposeAsync();
        _directory.Dispose();
    }

    private HttpClient Client(string? key)
    {
        var client = new HttpClient(SimulatorHttp.TrustingHandler(_simulator.CaPemPath)) { BaseAddress = _simulator.OpenTipBaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        if (key is not null) client.DefaultRequestHeaders.Add("x-api-key", key);
        return client;
    }

    private static string[] Names(JsonElement root) => root.EnumerateObject().Select(p => p.Name).ToArray();

    private async Task<(HttpStatusCode Status, string Body)> Get(string relative)
    {
        using var response = await _client.GetAsync(relative);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<(HttpStatusCode Status, string Body)> Post(string relative, byte[]? content = null)
    {
        using var body = new ByteArrayContent(content ?? []);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        using var response = await _client.PostAsync(relative, body);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("hash", "44d88612fea8a8f36de82e1278abb02f", "Zone,FileGeneralInfo,DetectionsInfo")]
    [InlineData("ip", "45.142.212.61", "Zone,IpGeneralInfo,IpWhoIs")]
    [InlineData("domain", "update-secure-login.com", "Zone,DomainGeneralInfo,DomainWhoIsInfo")]
    [InlineData("url", "http://update-secure-login.com/verify/account.php", "Zone,UrlGeneralInfo,UrlDomainWhoIs")]
    public async Task Search_answers_fixed_sections_without_LicenseInfo(string kind, string value, string expected)
    {
        var (status, body) = await Get($"api/v1/search/{kind}?request={Uri.EscapeDataString(value)}");

        Assert.Equal(HttpStatusCode.OK, status);
        var names = Names(JsonDocument.Parse(body).RootElement);
        Assert.Equal(expected.Split(','), names.Where(n => n != "DynamicAnalisysResults"));
        Assert.DoesNotContain("LicenseInfo", names);
        Assert.DoesNotContain("RelatedObjects", names);
    }

    [Fact]
    public async Task A_malicious_file_has_OpenTIP_file_status_and_the_misspelled_sandbox_section()
    {
        var (_, body) = await Get("api/v1/search/hash?request=44d88612fea8a8f36de82e1278abb02f");

        var root = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Red", root.GetProperty("Zone").GetString());
        Assert.Equal("Malware", root.GetProperty("FileGeneralInfo").GetProperty("FileStatus").GetString());
        Assert.True(root.TryGetProperty("DynamicAnalisysResults", out var sandbox));
        Assert.Equal(JsonValueKind.Array, sandbox.GetProperty("Detections").ValueKind);
    }

    [Fact]
    public async Task Sections_and_count_are_not_OpenTIP_parameters_and_change_nothing()
    {
        var (_, plain) = await Get("api/v1/search/ip?request=45.142.212.61");
        var (_, withParameters) = await Get("api/v1/search/ip?request=45.142.212.61&sections=Zone&count=1");

        Assert.Equal(plain, withParameters);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("not-the-key", HttpStatusCode.Unauthorized)]
    public async Task A_missing_or_wrong_key_is_401(string? key, HttpStatusCode expected)
    {
        using var client = Client(key);
        using var response = await client.GetAsync("api/v1/search/ip?request=8.8.8.8");

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains("authentication failed", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("ip", "999.1.1.1")]
    [InlineData("hash", "xyz")]
    [InlineData("domain", "")]
    public async Task An_invalid_value_is_400_incorrect_query(string kind, string value)
    {
        var (status, body) = await Get($"api/v1/search/{kind}?request={Uri.EscapeDataString(value)}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("incorrect query", body);
    }

    [Theory]
    [InlineData("domain", "nothing.invalid")]
    [InlineData("hash", "0000000000000000000000000000000000000000000000000000000000000001")]
    [InlineData("hash", "f00000000000000000000000000000000000000000000000000000000000000f")]
    public async Task A_value_without_data_is_404_lookup_results_not_found(string kind, string value)
    {
        var (status, body) = await Get($"api/v1/search/{kind}?request={value}");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("Lookup results not found", body);
    }

    [Fact]
    public async Task Past_the_day_quota_search_is_403_quota_or_request_limit_exceeded_until_the_next_UTC_day()
    {
        for (var i = 0; i < 6; i++) Assert.Equal(HttpStatusCode.OK, (await Get($"api/v1/search/domain?request=q{i}.example.com")).Status);

        var (status, body) = await Get("api/v1/search/domain?request=one-more.example.com");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("Quota or request limit exceeded", body);
        _time.Now = _time.Now.AddDays(1).Date;
        Assert.Equal(HttpStatusCode.OK, (await Get("api/v1/search/domain?request=one-more.example.com")).Status);
    }

    [Fact]
    public async Task A_rate_limited_value_is_429()
    {
        var (status, _) = await Get("api/v1/search/domain?request=sim-429always-x.example.com");

        Assert.Equal((HttpStatusCode)429, status);
    }

    [Fact]
    public async Task An_uploaded_file_is_in_progress_then_complete_with_its_real_hashes_and_found_by_any_of_them()
    {
        var content = RandomNumberGenerator.GetBytes(300);
        var sha256 = Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();
        var md5 = Convert.ToHexString(MD5.HashData(content)).ToLowerInvariant();
        Assert.Equal("not started", Status((await Post($"api/v1/getresult/file?request={sha256}")).Body));

        var (uploaded, scanBody) = await Post("api/v1/scan/file?filename=sample.exe", content);
        Assert.Equal(HttpStatusCode.OK, uploaded);
        var scan = JsonDocument.Parse(scanBody).RootElement;
        Assert.Equal(sha256, scan.GetProperty("FileGeneralInfo").GetProperty("Sha256").GetString());
        Assert.Equal(300, scan.GetProperty("FileGeneralInfo").GetProperty("Size").GetInt32());
        Assert.False(scan.TryGetProperty("DynamicAnalisysResults", out _));

        var (_, running) = await Post($"api/v1/getresult/file?request={sha256}");
        Assert.Equal("in progress", Status(running));
        _time.Now = _time.Now.AddMinutes(2);
        var (_, done) = await Post($"api/v1/getresult/file?request={md5}");
        Assert.Equal("complete", Status(done));
        Assert.True(JsonDocument.Parse(done).RootElement.TryGetProperty("DynamicAnalisysResults", out _));

        var (found, search) = await Get($"api/v1/search/hash?request={md5}");
        Assert.Equal(HttpStatusCode.OK, found);
        Assert.Equal(sha256, JsonDocument.Parse(search).RootElement.GetProperty("FileGeneralInfo").GetProperty("Sha256").GetString());
    }

    [Fact]
    public async Task An_upload_over_the_size_limit_is_413_and_an_empty_one_or_one_without_a_name_is_400()
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Post("api/v1/scan/file?filename=big.bin", new byte[1025])).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post("api/v1/scan/file?filename=empty.bin", [])).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post("api/v1/scan/file", [1, 2, 3])).Status);
    }

    [Fact]
    public async Task The_key_is_never_written_to_the_request_log()
    {
        await Get("api/v1/search/ip?request=8.8.8.8");

        var log = await File.ReadAllTextAsync(_simulator.RequestLogPath);
        Assert.Contains("opentip/search/ip", log);
        Assert.DoesNotContain(_simulator.OpenTipApiKey, log);
    }

    [Fact]
    public async Task The_TIP_listener_does_not_answer_OpenTIP_requests()
    {
        using var client = Client(_simulator.OpenTipApiKey);
        client.BaseAddress = _simulator.BaseAddress;

        using var response = await client.GetAsync("api/v1/search/ip?request=8.8.8.8");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static string? Status(string body) => JsonDocument.Parse(body).RootElement.GetProperty("Status").GetString();
}
