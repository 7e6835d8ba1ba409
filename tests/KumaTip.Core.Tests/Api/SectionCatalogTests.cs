using KumaTip.Core.Api;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Tests.Api;

public sealed class SectionCatalogTests
{
    [Theory]
    [InlineData(TipIndicatorType.Md5, "FileGeneralInfo")]
    [InlineData(TipIndicatorType.Sha256, "FileDownloadedBy")]
    [InlineData(TipIndicatorType.IPv4, "IpWhoIs")]
    [InlineData(TipIndicatorType.IPv6, "FilesDownloadedFromIp")]
    [InlineData(TipIndicatorType.Domain, "Subdomains")]
    [InlineData(TipIndicatorType.Url, "UrlDomainWhoIs")]
    public void Default_set_holds_the_types_sections_with_license_and_zone_first(TipIndicatorType type, string expected)
    {
        var defaults = SectionCatalog.DefaultSections(type);

        Assert.Equal(new[] { "LicenseInfo", "Zone" }, defaults.Take(2));
        Assert.Contains(expected, defaults);
        Assert.Equal(defaults.Count, defaults.Distinct().Count());
    }

    [Fact]
    public void Ipv6_offers_the_same_sections_as_ipv4()
    {
        Assert.Equal(SectionCatalog.ValidSections(TipIndicatorType.IPv4), SectionCatalog.ValidSections(TipIndicatorType.IPv6));
    }

    [Fact]
    public void Hash_types_share_one_set_and_differ_from_network_types()
    {
        Assert.Equal(SectionCatalog.ValidSections(TipIndicatorType.Md5), SectionCatalog.ValidSections(TipIndicatorType.Sha1));
        Assert.DoesNotContain("DomainGeneralInfo", SectionCatalog.ValidSections(TipIndicatorType.Sha1));
        Assert.DoesNotContain("Subdomains", SectionCatalog.ValidSections(TipIndicatorType.Url));
    }

    [Fact]
    public void Any_case_resolves_to_wire_spelling_with_license_and_zone_added()
    {
        var resolved = SectionCatalog.Resolve(TipIndicatorType.Domain, new[] { "domaingeneralinfo", "DOMAINWHOISINFO", "DomainGeneralInfo" });

        Assert.Equal(new[] { "LicenseInfo", "Zone", "DomainGeneralInfo", "DomainWhoIsInfo" }, resolved);
    }

    [Fact]
    public void Comma_separated_names_are_split()
    {
        var resolved = SectionCatalog.Resolve(TipIndicatorType.IPv4, new[] { "IpGeneralInfo, ipwhois" });

        Assert.Equal(new[] { "LicenseInfo", "Zone", "IpGeneralInfo", "IpWhoIs" }, resolved);
    }

    [Fact]
    public void No_names_means_the_full_default_set()
    {
        Assert.Equal(SectionCatalog.DefaultSections(TipIndicatorType.Url), SectionCatalog.Resolve(TipIndicatorType.Url, Array.Empty<string>()));
        Assert.Equal(SectionCatalog.DefaultSections(TipIndicatorType.Url), SectionCatalog.Resolve(TipIndicatorType.Url, null));
    }

    [Fact]
    public void Unknown_name_is_rejected_with_the_valid_names_for_the_type()
    {
        var error = Assert.Throws<ArgumentException>(() => SectionCatalog.Resolve(TipIndicatorType.Md5, new[] { "FileGeneralInfo", "IpWhoIs", "Bogus" }));

        Assert.Contains("'IpWhoIs'", error.Message);
        Assert.Contains("'Bogus'", error.Message);
        Assert.Contains("DetectionsInfo", error.Message);
        Assert.DoesNotContain("'FileGeneralInfo'", error.Message);
    }

    [Theory]
    [InlineData(TipIndicatorType.Sha1, "hash")]
    [InlineData(TipIndicatorType.IPv6, "ip")]
    [InlineData(TipIndicatorType.Domain, "domain")]
    [InlineData(TipIndicatorType.Url, "url")]
    public void Each_type_has_its_endpoint(TipIndicatorType type, string endpoint)
    {
        Assert.Equal(endpoint, SectionCatalog.EndpointFor(type));
    }
}
