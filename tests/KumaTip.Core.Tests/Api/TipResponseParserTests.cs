using System.Text.Json;
using KumaTip.Core.Api;

namespace KumaTip.Core.Tests.Api;

public sealed class TipResponseParserTests
{
    [Fact]
    public void Documented_domain_example_is_read_into_typed_sections()
    {
        const string json = """
        {
          "LicenseInfo": {"AccessType": "Commercial", "DayRequests": 17, "DayQuota": 5000, "TokenExpirationDate": null},
          "Zone": "Grey",
          "DomainGeneralInfo": {
            "FilesCount": 0, "UrlsCount": 3, "HitsCount": 100, "Domain": "example.org", "Ipv4Count": 2,
            "Categories": ["CATEGORY_INFORMATION_TECHNOLOGIES"],
            "CategoriesWithZone": [{"Name": "CATEGORY_INFORMATION_TECHNOLOGIES", "Zone": "Grey"}],
            "HasApt": false, "RelatedAptReports": []
          },
          "DomainDnsResolutions": [
            {"Ip": "192.0.2.10", "Zone": "Grey", "ThreatScore": 0, "HitsCount": 10,
             "FirstSeen": "2023-01-05T10:12Z", "LastSeen": "2024-02-01T08:00Z", "PeakDate": "2023-06-01T00:00Z", "DailyPeak": 10}
          ]
        }
        """;

        var sections = TipResponseParser.Parse(json);

        Assert.Equal("Commercial", sections.LicenseInfo?.AccessType);
        Assert.Equal(17, sections.LicenseInfo?.DayRequests);
        Assert.Equal(5000, sections.LicenseInfo?.DayQuota);
        Assert.Null(sections.LicenseInfo?.TokenExpirationDate);
        Assert.Equal("Grey", sections.Zone);
        Assert.Equal("example.org", sections.DomainGeneralInfo?.Domain);
        Assert.Equal(3, sections.DomainGeneralInfo?.UrlsCount);
        Assert.Equal("Grey", sections.DomainGeneralInfo?.CategoriesWithZone?.Single().Zone);
        Assert.False(sections.DomainGeneralInfo?.HasApt);
        var resolution = Assert.Single(sections.DomainDnsResolutions!);
        Assert.Equal(new DateTimeOffset(2023, 1, 5, 10, 12, 0, TimeSpan.Zero), resolution.FirstSeen);
        Assert.Null(sections.IpGeneralInfo);
    }

    [Theory]
    [InlineData("2021-06-25T03:23Z", 0)]
    [InlineData("2021-06-25T03:23:41Z", 41)]
    [InlineData("2021-06-25T03:23:41.123Z", 41)]
    [InlineData("2021-06-25T05:23:41+02:00", 41)]
    [InlineData("2021-06-25T03:23", 0)]
    public void Dates_are_read_with_or_without_seconds_as_utc(string text, int seconds)
    {
        var sections = TipResponseParser.Parse($$$"""{"FileGeneralInfo":{"LastSeen":"{{{text}}}"}}""");

        var lastSeen = sections.FileGeneralInfo?.LastSeen;
        Assert.Equal(new DateTime(2021, 6, 25, 3, 23, seconds), lastSeen?.UtcDateTime.AddTicks(-(lastSeen.Value.UtcDateTime.Ticks % TimeSpan.TicksPerSecond)));
        Assert.Equal(TimeSpan.Zero, lastSeen?.Offset);
    }

    [Fact]
    public void Date_that_is_not_a_date_becomes_null_and_the_rest_is_kept()
    {
        var sections = TipResponseParser.Parse("""{"FileGeneralInfo":{"LastSeen":"yesterday-ish","Md5":"44d88612fea8a8f36de82e1278abb02f"}}""");

        Assert.Null(sections.FileGeneralInfo?.LastSeen);
        Assert.Equal("44d88612fea8a8f36de82e1278abb02f", sections.FileGeneralInfo?.Md5);
    }

    [Theory]
    [InlineData("Grey", TipZone.Grey)]
    [InlineData("Gray", TipZone.Grey)]
    [InlineData("gray", TipZone.Grey)]
    [InlineData("RED", TipZone.Red)]
    [InlineData("orange", TipZone.Orange)]
    [InlineData("Yellow", TipZone.Yellow)]
    [InlineData("green", TipZone.Green)]
    public void Zone_is_read_in_any_case_and_either_spelling_of_grey(string wire, TipZone expected)
    {
        Assert.Equal(TipZones.Name(expected), TipResponseParser.Parse($$"""{"Zone":"{{wire}}"}""").Zone);
    }

    [Theory]
    [InlineData("\"Purple\"")]
    [InlineData("null")]
    [InlineData("3")]
    [InlineData("{\"a\":1}")]
    public void Unknown_zone_becomes_null_instead_of_failing(string wire)
    {
        var sections = TipResponseParser.Parse($$$"""{"Zone":{{{wire}}},"RelatedObjects":{"HasRedZone":true}}""");

        Assert.Null(sections.Zone);
        Assert.True(sections.RelatedObjects?.HasRedZone);
    }

    [Fact]
    public void Unknown_fields_and_sections_are_ignored()
    {
        var sections = TipResponseParser.Parse("""{"Zone":"Red","BrandNewSection":[1,2,3],"IpGeneralInfo":{"Ip":"203.0.113.5","NewField":{"x":1}}}""");

        Assert.Equal("Red", sections.Zone);
        Assert.Equal("203.0.113.5", sections.IpGeneralInfo?.Ip);
    }

    [Fact]
    public void Empty_object_has_every_section_absent()
    {
        var sections = TipResponseParser.Parse("{}");

        Assert.Null(sections.Zone);
        Assert.Null(sections.LicenseInfo);
        Assert.Null(sections.DetectionsInfo);
    }

    [Fact]
    public void Nulls_everywhere_are_absent_values()
    {
        var sections = TipResponseParser.Parse("""{"Zone":null,"IpGeneralInfo":{"Ip":null,"ThreatScore":null,"Categories":null,"HasApt":null},"HostedUrls":null}""");

        Assert.NotNull(sections.IpGeneralInfo);
        Assert.Null(sections.IpGeneralInfo!.Ip);
        Assert.Null(sections.IpGeneralInfo.ThreatScore);
        Assert.Null(sections.HostedUrls);
    }

    [Fact]
    public void Asn_number_is_text_whether_sent_as_number_or_string()
    {
        var sections = TipResponseParser.Parse("""{"IpWhoIs":{"Asn":[{"Number":64500,"Description":"EXAMPLE-AS"},{"Number":"AS64501","Description":["LINE ONE","LINE TWO"]},{"Origin":"AS1"}]}}""");

        var asn = sections.IpWhoIs!.Asn!;
        Assert.Equal("64500", asn[0].Number);
        Assert.Equal("EXAMPLE-AS", asn[0].Description);
        Assert.Equal("AS64501", asn[1].Number);
        Assert.Equal("LINE ONE, LINE TWO", asn[1].Description);
        Assert.Equal("AS1", asn[2].Origin);
    }

    [Fact]
    public void Counts_sent_as_strings_are_numbers()
    {
        var sections = TipResponseParser.Parse("""{"IpGeneralInfo":{"HitsCount":"1000","ThreatScore":"75"},"LicenseInfo":{"DayQuota":"5000","DayRequests":12.0}}""");

        Assert.Equal(1000, sections.IpGeneralInfo?.HitsCount);
        Assert.Equal(75, sections.IpGeneralInfo?.ThreatScore);
        Assert.Equal(5000, sections.LicenseInfo?.DayQuota);
        Assert.Equal(12, sections.LicenseInfo?.DayRequests);
    }

    [Fact]
    public void Contact_address_as_array_is_joined_and_as_string_is_kept()
    {
        var sections = TipResponseParser.Parse("""
        {"IpWhoIs":{"Contacts":[{"ContactType":"admin","Address":["1 Main St","Springfield","US"]}],
                    "Net":{"Name":"EXAMPLE-NET","Description":["Example","network"]}},
         "DomainWhoIsInfo":{"Contacts":[{"ContactType":"registrant","Address":"1 Main St, Springfield"}]}}
        """);

        Assert.Equal("1 Main St, Springfield, US", sections.IpWhoIs?.Contacts?.Single().Address);
        Assert.Equal("Example, network", sections.IpWhoIs?.Net?.Description);
        Assert.Equal("1 Main St, Springfield", sections.DomainWhoIsInfo?.Contacts?.Single().Address);
    }

    [Fact]
    public void Section_in_an_unexpected_shape_is_dropped_alone()
    {
        var sections = TipResponseParser.Parse("""{"Zone":"Red","DetectionsInfo":{"not":"a list"},"FileGeneralInfo":{"Md5":"x"}}""");

        Assert.Equal("Red", sections.Zone);
        Assert.Null(sections.DetectionsInfo);
        Assert.Equal("x", sections.FileGeneralInfo?.Md5);
    }

    [Fact]
    public void Single_string_where_a_list_is_expected_becomes_a_one_item_list()
    {
        var sections = TipResponseParser.Parse("""{"Industries":"Finance","DomainWhoIsInfo":{"NameServers":"ns1.example.com"}}""");

        Assert.Equal(new[] { "Finance" }, sections.Industries);
        Assert.Equal(new[] { "ns1.example.com" }, sections.DomainWhoIsInfo?.NameServers);
    }

    [Fact]
    public void Wire_names_are_matched_without_regard_to_case()
    {
        var sections = TipResponseParser.Parse("""{"zone":"Red","fileGeneralInfo":{"md5":"abc"}}""");

        Assert.Equal("Red", sections.Zone);
        Assert.Equal("abc", sections.FileGeneralInfo?.Md5);
    }

    [Theory]
    [InlineData("<html><body>Bad gateway</body></html>")]
    [InlineData("{\"Zone\":\"Red\"")]
    [InlineData("[1,2]")]
    [InlineData("")]
    public void Body_that_is_not_a_json_object_is_an_error(string body)
    {
        Assert.ThrowsAny<JsonException>(() => TipResponseParser.Parse(body));
    }

    [Fact]
    public void Every_documented_list_section_is_read()
    {
        const string json = """
        {"DetectionsInfo":[{"LastDetectDate":"2021-06-25T03:23Z","Zone":"Red","DetectionName":"EICAR-Test-File","DetectionMethod":"Signature","DescriptionUrl":"https://threats.kaspersky.com/"}],
         "FileNames":[{"FileName":"eicar.com","FileNamesHitsCount":10}],
         "FilePaths":[{"Path":"C:\\tmp","Location":"disk","FilePathHitsCount":"5"}],
         "FileDownloadedFromUrls":[{"Url":"http://x.example/e","Zone":"Red","LastDownloadDate":"2020-01-01T00:00Z"}],
         "FileStartedObjects":[{"Md5":"a","Zone":"Yellow","LastStartDate":"2020-01-01T00:00Z"}],
         "FileCertificates":[{"Vendor":"V","Issued":"2019-01-01T00:00Z","SerialNumber":123}],
         "HostedUrls":[{"Url":"http://x.example/","UrlHitsCount":3}],
         "FilesDownloadedFromIp":[{"Md5":"b","DownloadHitsCount":4}],
         "Subdomains":[{"Subdomain":"a.x.example","Zone":"Green","FilesCount":1}],
         "FeedMasks":[{"Zone":"Red","MaskType":"domain","NormalizedMask":"x.example","FeedNames":["Phishing"]}],
         "UrlGeneralInfo":{"Url":"x.example/e","Host":"x.example","FilesCount":2,"Ipv4Count":1},
         "UrlDomainWhoIs":{"DomainName":"x.example","Registrar":{"Info":"Reg","IanaId":146}}}
        """;

        var s = TipResponseParser.Parse(json);

        Assert.Equal("EICAR-Test-File", s.DetectionsInfo?.Single().DetectionName);
        Assert.Equal(10, s.FileNames?.Single().FileNamesHitsCount);
        Assert.Equal(5, s.FilePaths?.Single().FilePathHitsCount);
        Assert.Equal("Red", s.FileDownloadedFromUrls?.Single().Zone);
        Assert.NotNull(s.FileStartedObjects?.Single().LastStartDate);
        Assert.Equal("123", s.FileCertificates?.Single().SerialNumber);
        Assert.Equal(3, s.HostedUrls?.Single().UrlHitsCount);
        Assert.Equal(4, s.FilesDownloadedFromIp?.Single().DownloadHitsCount);
        Assert.Equal("Green", s.Subdomains?.Single().Zone);
        Assert.Equal(new[] { "Phishing" }, s.FeedMasks?.Single().FeedNames);
        Assert.Equal("x.example", s.UrlGeneralInfo?.Host);
        Assert.Equal("146", s.UrlDomainWhoIs?.Registrar?.IanaId);
    }

    [Fact]
    public void License_info_is_read_from_an_error_body()
    {
        var license = TipResponseParser.TryReadLicenseInfo("""{"LicenseInfo":{"DayRequests":100,"DayQuota":100,"TokenExpirationDate":"2027-01-01T00:00Z"}}""");

        Assert.True(license?.QuotaSpent);
        Assert.Equal(2027, license?.TokenExpirationDate?.Year);
        Assert.Null(TipResponseParser.TryReadLicenseInfo("<html>nope</html>"));
    }
}
