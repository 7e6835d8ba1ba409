using System.Text.Json;
using System.Text.RegularExpressions;
using static KumaTip.Core.Tests.Simulator.SimulatorHttp;

namespace KumaTip.Core.Tests.Simulator;

public sealed class SimulatorLookupTests : IClassFixture<SimulatorFixture>
{
    private const string SeedUrl = "http://dd.daywinners.com/d/VFZvqeP-V1ffkQ.exe";
    private const string EicarMd5 = "44d88612fea8a8f36de82e1278abb02f";
    private const string EicarSha1 = "3395856ce81f2b7382dee72602f798b642f14140";
    private const string EicarSha256 = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";
    private const string WannaCrySha256 = "ed01ebfbc9eb5bbea545af4d01bf5f1071661840480439c6e5babe8e080e41aa";

    private readonly SimulatorFixture _fixture;

    public SimulatorLookupTests(SimulatorFixture fixture) => _fixture = fixture;

    private HttpClient Client => _fixture.Client();

    private static string[] Names(JsonElement root) => root.EnumerateObject().Select(p => p.Name).ToArray();

    [Theory]
    [InlineData("hash/" + WannaCrySha256, "LicenseInfo,Zone,RelatedObjects,FileGeneralInfo,DetectionsInfo,FileParentCertificates,FileCertificates,FileNames,FilePaths,FileDownloadedFromUrls,FileAccessedUrls,FileStartedObjects,FileStartedBy,FileDownloadedObjects,FileDownloadedBy,Industries")]
    [InlineData("ip/45.142.212.61", "LicenseInfo,Zone,RelatedObjects,IpGeneralInfo,IpWhoIs,IpDnsResolutions,FilesDownloadedFromIp,HostedUrls,Industries")]
    [InlineData("domain/update-secure-login.com", "LicenseInfo,Zone,RelatedObjects,DomainGeneralInfo,DomainWhoIsInfo,DomainDnsResolutions,FilesDownloaded,FilesAccessed,UrlReferrals,UrlReferredTo,Subdomains,FeedMasks,Industries")]
    [InlineData("url/update-secure-login.com%2Fverify%2Faccount.php", "LicenseInfo,Zone,RelatedObjects,UrlGeneralInfo,UrlDomainWhoIs,DomainDnsResolutions,FilesDownloaded,FilesAccessed,UrlReferrals,UrlReferredTo,FeedMasks,Industries")]
    public async Task Without_sections_every_section_of_the_type_is_returned(string path, string expected)
    {
        var root = await GetJsonAsync(Client, "api/" + path);

        Assert.Equal(expected.Split(','), Names(root));
    }

    [Fact]
    public async Task Requested_sections_only_are_returned()
    {
        var root = await GetJsonAsync(Client, "api/domain/google.com?sections=Zone,DomainGeneralInfo&count=3");

        Assert.Equal(["Zone", "DomainGeneralInfo"], Names(root));
        Assert.Equal("Green", root.GetProperty("Zone").GetString());
    }

    [Fact]
    public async Task Seed_url_is_red_phishing_with_its_host_and_whois()
    {
        var root = await GetJsonAsync(Client, "api/url/" + Uri.EscapeDataString(SeedUrl));

        Assert.Equal("Red", root.GetProperty("Zone").GetString());
        var info = root.GetProperty("UrlGeneralInfo");
        Assert.Equal("dd.daywinners.com", info.GetProperty("Host").GetString());
        Assert.Contains("CATEGORY_PHISHING", info.GetProperty("Categories").EnumerateArray().Select(c => c.GetString()));
        var whois = root.GetProperty("UrlDomainWhoIs");
        Assert.Equal("NameCheap, Inc.", whois.GetProperty("Registrar").GetProperty("Info").GetString());
        Assert.True(whois.GetProperty("Contacts").GetArrayLength() > 0);
    }

    [Theory]
    [InlineData("domain/www.google.com", "DomainGeneralInfo", "Green", "CATEGORY_SEARCH_ENGINES_AND_SERVICES")]
    [InlineData("domain/mail.login-microsoftonline-verify.com", "DomainGeneralInfo", "Red", "CATEGORY_PHISHING")]
    [InlineData("url/invoice-portal.click%2Fpay%2Fnow", "UrlGeneralInfo", "Red", "CATEGORY_PHISHING")]
    public async Task Names_under_a_known_domain_share_its_verdict(string path, string section, string zone, string category)
    {
        var root = await GetJsonAsync(Client, $"api/{path}?sections=Zone,{section}");

        Assert.Equal(zone, root.GetProperty("Zone").GetString());
        var info = root.GetProperty(section);
        Assert.Contains(category, info.GetProperty("Categories").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Seed_url_is_found_in_its_normalized_spelling_too()
    {
        var full = await GetJsonAsync(Client, "api/url/" + Uri.EscapeDataString(SeedUrl) + "?sections=Zone,UrlGeneralInfo");
        var normalized = await GetJsonAsync(Client, "api/url/dd.daywinners.com%2Fd%2Fvfzvqep-v1ffkq.exe?sections=Zone,UrlGeneralInfo");

        Assert.Equal(full.GetRawText(), normalized.GetRawText());
    }

    [Theory]
    [InlineData(EicarMd5)]
    [InlineData(EicarSha1)]
    [InlineData(EicarSha256)]
    public async Task Eicar_is_red_by_each_of_its_hashes(string hash)
    {
        var root = await GetJsonAsync(Client, $"api/hash/{hash}?sections=Zone,FileGeneralInfo,DetectionsInfo");

        Assert.Equal("Red", root.GetProperty("Zone").GetString());
        Assert.Equal(EicarSha256, root.GetProperty("FileGeneralInfo").GetProperty("Sha256").GetString());
        Assert.Equal("EICAR-Test-File", root.GetProperty("DetectionsInfo")[0].GetProperty("DetectionName").GetString());
    }

    [Theory]
    [InlineData("ip/8.8.8.8")]
    [InlineData("ip/1.1.1.1")]
    [InlineData("domain/google.com")]
    [InlineData("domain/microsoft.com")]
    public async Task Well_known_clean_indicators_are_green(string path)
    {
        var root = await GetJsonAsync(Client, $"api/{path}?sections=Zone");

        Assert.Equal("Green", root.GetProperty("Zone").GetString());
    }

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("192.168.1.1")]
    public async Task Reserved_ip_gets_only_the_four_basic_sections_grey_and_reserved(string ip)
    {
        var root = await GetJsonAsync(Client, $"api/ip/{ip}");

        Assert.Equal(["LicenseInfo", "Zone", "IpGeneralInfo", "IpWhoIs"], Names(root));
        Assert.Equal("Grey", root.GetProperty("Zone").GetString());
        Assert.Equal("Reserved", root.GetProperty("IpGeneralInfo").GetProperty("Status").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("IpGeneralInfo").GetProperty("CountryCode").ValueKind);
    }

    [Fact]
    public async Task Count_limits_every_list_section()
    {
        var root = await GetJsonAsync(Client, "api/domain/update-secure-login.com?count=2");

        foreach (var name in new[] { "DomainDnsResolutions", "FilesDownloaded", "FilesAccessed", "UrlReferrals", "UrlReferredTo", "Subdomains", "FeedMasks", "Industries" })
        {
            Assert.Equal(2, root.GetProperty(name).GetArrayLength());
        }
    }

    [Fact]
    public async Task Count_does_not_limit_detections_or_parent_certificates()
    {
        var root = await GetJsonAsync(Client, $"api/hash/{WannaCrySha256}?count=1");

        Assert.Equal(12, root.GetProperty("DetectionsInfo").GetArrayLength());
        Assert.Equal(3, root.GetProperty("FileParentCertificates").GetArrayLength());
        Assert.Equal(1, root.GetProperty("FileCertificates").GetArrayLength());
        Assert.Equal(1, root.GetProperty("FileNames").GetArrayLength());
    }

    [Fact]
    public async Task Without_count_lists_stop_at_one_thousand_records()
    {
        var root = await GetJsonAsync(Client, "api/domain/google.com?sections=DomainDnsResolutions,UrlReferrals");

        Assert.Equal(1000, root.GetProperty("DomainDnsResolutions").GetArrayLength());
        Assert.Equal(400, root.GetProperty("UrlReferrals").GetArrayLength());
    }

    [Fact]
    public async Task Truncated_lists_are_the_first_records_of_the_full_list()
    {
        var few = await GetJsonAsync(Client, "api/domain/google.com?sections=Subdomains&count=3");
        var many = await GetJsonAsync(Client, "api/domain/google.com?sections=Subdomains&count=50");

        var first = few.GetProperty("Subdomains").EnumerateArray().Select(e => e.GetRawText());
        Assert.Equal(first, many.GetProperty("Subdomains").EnumerateArray().Take(3).Select(e => e.GetRawText()));
    }

    [Fact]
    public async Task Empty_sections_are_missing_from_the_answer()
    {
        // The empty file is clean: it has no detections, so the section is not in the JSON at all.
        var root = await GetJsonAsync(Client, "api/hash/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855?sections=Zone,DetectionsInfo");

        Assert.Equal(["Zone"], Names(root));
    }

    [Fact]
    public async Task Generated_answers_are_the_same_for_the_same_value()
    {
        var first = await GetJsonAsync(Client, "api/domain/some-unknown-shop.example.net?sections=Zone,DomainGeneralInfo,DomainDnsResolutions,Subdomains");
        var second = await GetJsonAsync(Client, "api/domain/some-unknown-shop.example.net?sections=Zone,DomainGeneralInfo,DomainDnsResolutions,Subdomains");

        Assert.Equal(first.GetRawText(), second.GetRawText());
    }

    [Fact]
    public async Task Generated_zones_cover_all_five_colours()
    {
        var zones = new HashSet<string>();
        for (var i = 0; i < 60 && zones.Count < 5; i++)
        {
            var root = await GetJsonAsync(Client, $"api/domain/host{i}.zones-test.com?sections=Zone");
            zones.Add(root.GetProperty("Zone").GetString()!);
        }

        Assert.Equal(["Green", "Grey", "Orange", "Red", "Yellow"], zones.Order());
    }

    [Fact]
    public async Task Dates_have_minute_precision_in_utc()
    {
        var root = await GetJsonAsync(Client, "api/ip/45.142.212.61?sections=IpDnsResolutions&count=5");

        foreach (var record in root.GetProperty("IpDnsResolutions").EnumerateArray())
        {
            Assert.Matches(new Regex(@"^\d{4}-\d\d-\d\dT\d\d:\d\dZ$"), record.GetProperty("FirstSeen").GetString()!);
        }
    }

    [Fact]
    public async Task License_info_counts_the_accounts_requests_today()
    {
        var before = await GetJsonAsync(Client, "api/domain/example.com?sections=Zone,LicenseInfo");
        var after = await GetJsonAsync(Client, "api/domain/example.com?sections=Zone,LicenseInfo");

        var license = after.GetProperty("LicenseInfo");
        Assert.Equal("Commercial", license.GetProperty("AccessType").GetString());
        Assert.Equal(before.GetProperty("LicenseInfo").GetProperty("DayRequests").GetInt32() + 1, license.GetProperty("DayRequests").GetInt32());
        Assert.Equal(100_000, license.GetProperty("DayQuota").GetInt32());
        // The account has an API token, so its expiry shows whichever way the request signed in (tip-api.md §3.1).
        Assert.Equal(_fixture.Simulator.Account.TokenExpires, DateTimeOffset.Parse(license.GetProperty("TokenExpirationDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("hash/00000000aa8a8f36de82e1278abb02f1")]
    [InlineData("domain/nothing-here.invalid")]
    [InlineData("domain/sim-404-nothing.com")]
    [InlineData("url/sim-404-a.example.com%2Fpath")]
    public async Task Indicators_the_portal_does_not_know_are_404(string path)
    {
        var (status, _, _) = await GetAsync(Client, "api/" + path);

        Assert.Equal(404, status);
    }

    [Fact]
    public async Task Value_over_2000_characters_is_414()
    {
        var value = "example.com%2F" + new string('a', 2000);

        var (status, _, _) = await GetAsync(Client, "api/url/" + value);

        Assert.Equal(414, status);
    }

    [Theory]
    [InlineData("hash/xyz")]
    [InlineData("hash/44d88612fea8a8f36de82e1278abb02")]
    [InlineData("ip/999.1.1.1")]
    [InlineData("ip/example.com")]
    [InlineData("domain/not a domain")]
    [InlineData("domain/8.8.8.8")]
    public async Task Invalid_value_for_the_endpoint_is_400_with_a_short_reason(string path)
    {
        var (status, body, _) = await GetAsync(Client, "api/" + path);

        Assert.Equal(400, status);
        Assert.Contains("incorrect query", body);
        Assert.True(body.Length < 300);
    }

    [Theory]
    [InlineData("domain/google.com?sections=Zone,Bogus")]
    [InlineData("domain/google.com?sections=zone")]
    [InlineData("domain/google.com?sections=FileGeneralInfo")]
    public async Task Unknown_or_miscased_section_is_400(string path)
    {
        var (status, body, _) = await GetAsync(Client, "api/" + path);

        Assert.Equal(400, status);
        Assert.Contains("unknown section", body);
    }

    [Fact]
    public async Task Url_value_with_encoded_slashes_reaches_the_url_endpoint_whole()
    {
        var root = await GetJsonAsync(Client, "api/url/https%3A%2F%2Fexample.org%2Fa%2Fb%3Fx%3D1?sections=UrlGeneralInfo");

        Assert.Equal("example.org/a/b?x=1", root.GetProperty("UrlGeneralInfo").GetProperty("Url").GetString());
        Assert.Equal("example.org", root.GetProperty("UrlGeneralInfo").GetProperty("Host").GetString());
    }

    [Fact]
    public async Task Ipv6_address_is_looked_up()
    {
        var root = await GetJsonAsync(Client, "api/ip/2a00:1450:4001:81c::200e?sections=Zone,IpGeneralInfo");

        Assert.Equal("2a00:1450:4001:81c::200e", root.GetProperty("IpGeneralInfo").GetProperty("Ip").GetString());
    }

    [Fact]
    public async Task Ip_value_with_a_scheme_is_looked_up_as_a_url()
    {
        var root = await GetJsonAsync(Client, "api/ip/" + Uri.EscapeDataString("http://203.0.113.9/x") + "?sections=UrlGeneralInfo");

        Assert.Equal("203.0.113.9", root.GetProperty("UrlGeneralInfo").GetProperty("Host").GetString());
    }

    [Fact]
    public async Task Some_generated_answers_have_lists_longer_than_a_hundred_records()
    {
        var longest = 0;
        for (var i = 0; i < 20 && longest <= 100; i++)
        {
            var root = await GetJsonAsync(Client, $"api/domain/long{i}.lists-test.org?sections=DomainDnsResolutions,FilesDownloaded,UrlReferrals,Subdomains");
            longest = Math.Max(longest, root.EnumerateObject().Select(p => p.Value.GetArrayLength()).DefaultIfEmpty(0).Max());
        }

        Assert.True(longest > 100, $"the longest generated list had {longest} records");
    }
}
