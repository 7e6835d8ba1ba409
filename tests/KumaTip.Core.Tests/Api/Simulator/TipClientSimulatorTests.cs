using System.Reflection;
using System.Text.Json;
using KumaTip.Core.Api;
using KumaTip.Core.Api.Sections;
using KumaTip.Core.Indicators;
using KumaTip.Core.Tests.Api.Infrastructure;
using KumaTip.Core.Tests.Simulator;
using KumaTip.Simulator;

namespace KumaTip.Core.Tests.Api.Simulator;

/// <summary>The client against the simulator over real HTTPS with mutual TLS: sections, count, accounts, faults.</summary>
public sealed class TipClientSimulatorTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>
{
    private TipSimulator Sim => fixture.Simulator;

    private TipClient NewClient(SimulatorAccount? account = null, TimeProvider? time = null) =>
        new(SimulatorConnection.OptionsFor(Sim, account), time);

    private static Task<TipApiResponse> LookUp(TipClient client, string value, IEnumerable<string>? sections = null, int? count = null)
    {
        var indicator = TestClients.Indicator(value);
        return client.LookupAsync(indicator, SectionCatalog.Resolve(indicator.Kind, sections).ToList(), count, TestClients.TestToken());
    }

    [Theory]
    [InlineData("http://dd.daywinners.com/d/VFZvqeP-V1ffkQ.exe")]
    [InlineData("dd.daywinners.com")]
    [InlineData("google.com")]
    [InlineData("45.142.212.61")]
    [InlineData("8.8.8.8")]
    [InlineData("10.0.0.1")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("44d88612fea8a8f36de82e1278abb02f")]
    [InlineData("ed01ebfbc9eb5bbea545af4d01bf5f1071661840480439c6e5babe8e080e41aa")]
    [InlineData("update-secure-login.com")]
    [InlineData("http://update-secure-login.com/verify/account.php")]
    [InlineData("some-generated-name.example.net")]
    public async Task Every_section_the_simulator_sends_is_read_into_its_typed_model(string value)
    {
        using var client = NewClient();

        var response = await LookUp(client, value, count: 3);

        Assert.True(response.Found);
        using var raw = JsonDocument.Parse(response.RawJson);
        var sent = raw.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("LicenseInfo", sent);
        Assert.Contains("Zone", sent);
        var valid = SectionCatalog.ValidSections(response.Indicator.Kind);
        foreach (var name in sent)
        {
            Assert.Contains(name, valid);
            var typed = typeof(TipSections).GetProperty(name, BindingFlags.Public | BindingFlags.Instance)!.GetValue(response.Sections);
            Assert.True(typed != null, $"section {name} of {value} was sent but not read");
            if (typed is System.Collections.ICollection list && raw.RootElement.GetProperty(name).ValueKind == JsonValueKind.Array)
            {
                Assert.Equal(raw.RootElement.GetProperty(name).GetArrayLength(), list.Count);
            }
        }
    }

    [Fact]
    public async Task Seed_url_is_red_phishing_with_host_and_whois()
    {
        using var client = NewClient();

        var response = await LookUp(client, "http://dd.daywinners.com/d/VFZvqeP-V1ffkQ.exe");

        Assert.Equal(TipZone.Red, response.Zone);
        Assert.Equal("Dangerous", ZoneStatus.For(response.Zone, TipIndicatorType.Url));
        Assert.Equal("dd.daywinners.com", response.Sections.UrlGeneralInfo?.Host);
        Assert.Contains("CATEGORY_PHISHING", response.Sections.UrlGeneralInfo?.Categories ?? new List<string>());
        Assert.Equal("NameCheap, Inc.", response.Sections.UrlDomainWhoIs?.Registrar?.Info);
        Assert.Equal("1068", response.Sections.UrlDomainWhoIs?.Registrar?.IanaId);
        Assert.Equal(3, response.Sections.UrlDomainWhoIs?.Contacts?.Count);
        Assert.Equal(new DateTimeOffset(2019, 3, 14, 9, 12, 0, TimeSpan.Zero), response.Sections.UrlDomainWhoIs?.Created);
        Assert.True(response.Sections.RelatedObjects?.HasRedZone);
    }

    [Fact]
    public async Task Eicar_is_malware_with_its_detection()
    {
        using var client = NewClient();

        var response = await LookUp(client, "44d88612fea8a8f36de82e1278abb02f", new[] { "FileGeneralInfo", "DetectionsInfo" });

        Assert.Equal("Malware", ZoneStatus.For(response.Zone, TipIndicatorType.Md5));
        Assert.Equal("EICAR-Test-File", response.Sections.DetectionsInfo?.First().DetectionName);
        Assert.Equal("44d88612fea8a8f36de82e1278abb02f", response.Sections.FileGeneralInfo?.Md5);
        Assert.Equal(new[] { "LicenseInfo", "Zone", "FileGeneralInfo", "DetectionsInfo" }, response.RequestedSections);
    }

    [Fact]
    public async Task Count_truncates_lists_but_not_detections_or_parent_certificates()
    {
        using var client = NewClient();

        var response = await LookUp(client, "ed01ebfbc9eb5bbea545af4d01bf5f1071661840480439c6e5babe8e080e41aa", count: 2);

        Assert.Equal(2, response.Sections.FileNames?.Count);
        Assert.Equal(2, response.Sections.FilePaths?.Count);
        Assert.Equal(2, response.Sections.FileDownloadedFromUrls?.Count);
        Assert.Equal(12, response.Sections.DetectionsInfo?.Count);
        Assert.Equal(3, response.Sections.FileParentCertificates?.Count);
        Assert.Equal(2, response.MaxRecords);
    }

    [Fact]
    public async Task Without_count_a_list_stops_at_1000_records()
    {
        using var client = NewClient();

        var limited = await LookUp(client, "google.com", new[] { "DomainDnsResolutions", "Subdomains" }, count: 7);
        var unlimited = await LookUp(client, "google.com", new[] { "DomainDnsResolutions" });

        Assert.Equal(7, limited.Sections.DomainDnsResolutions?.Count);
        Assert.Equal(7, limited.Sections.Subdomains?.Count);
        Assert.Equal(1000, unlimited.Sections.DomainDnsResolutions?.Count);
        Assert.Null(unlimited.Sections.Subdomains);
        // A truncated list is the start of the full one.
        Assert.Equal(unlimited.Sections.DomainDnsResolutions!.Take(7).Select(r => r.Ip), limited.Sections.DomainDnsResolutions!.Select(r => r.Ip));
    }

    [Fact]
    public async Task Reserved_ip_gets_only_its_four_sections()
    {
        using var client = NewClient();

        var response = await LookUp(client, "192.168.1.1");

        Assert.Equal(TipZone.Grey, response.Zone);
        Assert.Equal("Reserved", response.Sections.IpGeneralInfo?.Status);
        Assert.NotNull(response.Sections.IpWhoIs);
        Assert.Null(response.Sections.IpDnsResolutions);
        Assert.Null(response.Sections.HostedUrls);
    }

    [Fact]
    public async Task License_info_is_kept_from_every_answer()
    {
        using var client = NewClient();
        await LookUp(client, "example.com", new[] { "Zone" });
        var first = client.LastLicenseInfo?.DayRequests;

        await LookUp(client, "example.org", new[] { "Zone" });

        Assert.Equal("Commercial", client.LastLicenseInfo?.AccessType);
        Assert.Equal(100_000, client.LastLicenseInfo?.DayQuota);
        Assert.True(client.LastLicenseInfo?.DayRequests > first);
    }

    [Fact]
    public async Task Terms_not_accepted_is_unauthorized_with_the_cure_and_not_retried()
    {
        var account = Sim.GetAccount(SimulatorAccountKind.TermsNotAccepted);
        using var client = NewClient(account);
        var value = "terms-check.example.com";

        var error = await Assert.ThrowsAsync<TipApiException>(() => LookUp(client, value));

        Assert.Equal(TipApiErrorKind.Unauthorized, error.Kind);
        Assert.Contains("accept them", error.Message);
        Assert.DoesNotContain("<", error.Message);
        Assert.False(error.Message.Contains(account.Password, StringComparison.Ordinal), "a secret appears in the text");
        Assert.Single(Sim.ReadRequestLog(), e => e.Value == value);
    }

    [Fact]
    public async Task Wrong_password_is_unauthorized()
    {
        var account = Sim.Account with { Password = Sim.Account.Password + "-wrong" };
        using var client = NewClient(account);

        var error = await Assert.ThrowsAsync<TipApiException>(() => LookUp(client, "wrong-password.example.com"));

        Assert.Equal(TipApiErrorKind.Unauthorized, error.Kind);
        Assert.False(error.Message.Contains(account.Password, StringComparison.Ordinal), "a secret appears in the text");
    }

    [Fact]
    public async Task No_api_access_is_forbidden()
    {
        using var client = NewClient(Sim.GetAccount(SimulatorAccountKind.NoApiAccess));

        var error = await Assert.ThrowsAsync<TipApiException>(() => LookUp(client, "noapi-check.example.com"));

        Assert.Equal(TipApiErrorKind.Forbidden, error.Kind);
        Assert.True(error.StopsBatch);
    }

    [Fact]
    public async Task Spent_quota_account_is_quota_exceeded()
    {
        using var client = NewClient(Sim.GetAccount(SimulatorAccountKind.QuotaSpent));

        var error = await Assert.ThrowsAsync<TipApiException>(() => LookUp(client, "quota-check.example.com"));

        Assert.Equal(TipApiErrorKind.QuotaExceeded, error.Kind);
        Assert.Single(Sim.ReadRequestLog(), e => e.Value == "quota-check.example.com");
    }

    [Fact]
    public async Task Bad_section_name_on_the_wire_is_a_bad_request_naming_the_value()
    {
        using var client = NewClient();
        var indicator = TestClients.Indicator("example.com");

        var error = await Assert.ThrowsAsync<TipApiException>(() =>
            client.LookupAsync(indicator, new[] { "zone" }, null, TestClients.TestToken()));

        Assert.Equal(TipApiErrorKind.BadRequest, error.Kind);
        Assert.Contains("'example.com'", error.Message);
    }

    [Fact]
    public async Task Rate_limit_is_retried_after_the_simulators_retry_after()
    {
        using var client = NewClient(time: new ScaledTimeProvider(100));
        var retries = new List<TipRetryEventArgs>();
        client.Retrying += (_, e) => { lock (retries) retries.Add(e); };

        var response = await LookUp(client, "sim-429-retry.example.com", new[] { "Zone" });

        Assert.True(response.Found);
        var retry = Assert.Single(retries);
        Assert.Equal(TimeSpan.FromSeconds(1), retry.Delay);
        Assert.True(retry.FromRetryAfter);
        Assert.Equal(new[] { 429, 200 }, Sim.ReadRequestLog().Where(e => e.Value == "sim-429-retry.example.com").Select(e => e.Status));
    }

    [Fact]
    public async Task Url_of_2000_encoded_characters_is_answered_and_one_more_is_refused_unsent()
    {
        using var client = NewClient();
        var probe = TestClients.Indicator("http://long.example.com/a");
        var overhead = TipRequestUri.EncodeValue(probe.Value).Length - 1;
        var fits = "http://long.example.com/" + new string('b', 2000 - overhead);
        var tooLong = fits + "c";

        var response = await LookUp(client, fits, new[] { "Zone" });
        var error = await Assert.ThrowsAsync<TipApiException>(() => LookUp(client, tooLong, new[] { "Zone" }));

        Assert.True(response.Found);
        Assert.Equal(TipApiErrorKind.UriTooLong, error.Kind);
        Assert.DoesNotContain(Sim.ReadRequestLog(), e => e.Value.EndsWith("bc", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mixed_batch_keeps_every_value_apart()
    {
        using var client = NewClient(time: new ScaledTimeProvider(100));
        var values = new[]
        {
            "github.com", "sim-429-mixed.example.com", "sim-503-mixed.example.com", "sim-drop-mixed.example.com",
            "sim-malformed-mixed.example.com", "sim-404-mixed.example.com", "gone.invalid", "8.8.4.4",
            "db349b97c37d22f5ea1d1841e3c89eb4", "http://update-secure-login.com/verify/account.php",
        };

        var outcomes = await Task.WhenAll(values.Select(async v =>
        {
            try { return (Value: v, Response: (TipApiResponse?)await LookUp(client, v, count: 5), Error: (TipApiException?)null); }
            catch (TipApiException e) { return (Value: v, Response: (TipApiResponse?)null, Error: (TipApiException?)e); }
        }));
        var byValue = outcomes.ToDictionary(o => o.Value);

        var malformed = byValue["sim-malformed-mixed.example.com"].Error;
        Assert.Equal(TipApiErrorKind.MalformedResponse, malformed?.Kind);
        Assert.Contains("sim-malformed-mixed.example.com", malformed!.Message);
        Assert.False(byValue["sim-404-mixed.example.com"].Response?.Found);
        Assert.False(byValue["gone.invalid"].Response?.Found);
        foreach (var v in new[] { "github.com", "sim-429-mixed.example.com", "sim-503-mixed.example.com", "sim-drop-mixed.example.com", "8.8.4.4",
                     "db349b97c37d22f5ea1d1841e3c89eb4", "http://update-secure-login.com/verify/account.php" })
        {
            Assert.True(byValue[v].Response?.Found, $"{v}: {byValue[v].Error?.Message}");
        }

        var log = Sim.ReadRequestLog();
        Assert.Equal(new[] { 503, 200 }, log.Where(e => e.Value == "sim-503-mixed.example.com").Select(e => e.Status));
        Assert.Equal(new[] { 0, 200 }, log.Where(e => e.Value == "sim-drop-mixed.example.com").Select(e => e.Status));
        Assert.Single(log, e => e.Value == "sim-malformed-mixed.example.com");
        Assert.Single(log, e => e.Value == "github.com");
    }

    [Fact]
    public async Task Simulator_server_is_refused_without_its_ca()
    {
        var options = SimulatorConnection.OptionsFor(Sim);
        options.TrustedCaPem = null;
        using var client = new TipClient(options);

        var error = await Assert.ThrowsAsync<TipApiException>(() => LookUp(client, "untrusted.example.com"));

        Assert.Equal(TipApiErrorKind.CertificateInvalid, error.Kind);
        Assert.Contains("-TrustedCaPath", error.Message);
        Assert.DoesNotContain(Sim.ReadRequestLog(), e => e.Value == "untrusted.example.com");
    }

    [Fact]
    public async Task Client_certificate_from_another_ca_is_refused_by_the_simulator()
    {
        var options = SimulatorConnection.OptionsFor(Sim);
        options.PfxBytes = TestCertificates.ToPfx(TestCertificates.Instance.ClientFromOtherCa);
        options.PfxPassword = TestCertificates.PfxPassword;
        using var client = new TipClient(options);

        var error = await Assert.ThrowsAsync<TipApiException>(() => LookUp(client, "foreign-cert.example.com"));

        Assert.Contains(error.Kind, new[] { TipApiErrorKind.CertificateInvalid, TipApiErrorKind.Network });
        Assert.Contains("client certificate", error.Message);
        Assert.DoesNotContain(Sim.ReadRequestLog(), e => e.Value == "foreign-cert.example.com");
    }

    [Fact]
    public async Task Lookups_reach_the_simulator_through_a_proxy()
    {
        await using var proxy = new CountingConnectProxy();
        var options = SimulatorConnection.OptionsFor(Sim);
        options.Proxy = proxy.Address;
        using var client = new TipClient(options);

        var response = await LookUp(client, "kaspersky.com", new[] { "DomainGeneralInfo" });

        Assert.True(response.Found);
        Assert.True(proxy.Tunnels >= 1);
    }
}
