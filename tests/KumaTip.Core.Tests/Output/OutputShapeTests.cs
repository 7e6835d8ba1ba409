using KumaTip.Core.Api;
using KumaTip.Core.Api.Sections;
using KumaTip.Core.Indicators;
using KumaTip.Core.Lookups;
using KumaTip.Core.Output;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Tests.Output;

/// <summary>
/// What output objects look like to ConvertTo-Json (public property types) and Export-Csv (each property's ToString):
/// names instead of enum numbers, one UTC date type, lists and sections as one readable cell.
/// </summary>
public sealed class OutputShapeTests
{
    [Fact]
    public void A_result_carries_its_zone_and_type_as_names_and_takes_them_back()
    {
        var result = new TipLookupResult { Indicator = "evil.com", Type = "domain", Zone = "gray" };

        Assert.Equal("Domain", result.Type);
        Assert.Equal("Grey", result.Zone);
        Assert.Equal(TipIndicatorType.Domain, result.Kind);
        Assert.Equal(TipZone.Grey, result.ZoneValue);
    }

    [Fact]
    public void A_zone_that_is_not_one_is_refused_with_the_zones_named()
    {
        var error = Assert.Throws<ArgumentException>(() => new TipLookupResult { Zone = "Purple" });

        Assert.Contains("'Purple'", error.Message);
        Assert.Contains("Red, Orange, Yellow, Grey, Green", error.Message);
        Assert.Throws<ArgumentException>(() => new TipLookupResult { Zone = "0" });
    }

    [Fact]
    public void No_public_property_of_an_output_type_is_an_enum_or_a_DateTime()
    {
        var types = new[] { typeof(TipLookupResult), typeof(TipTask), typeof(TipIndicator), typeof(TipSettings), typeof(KumaTip.Core.Connection.TipLicense), typeof(KumaTip.Core.Connection.TipConnectionTest), typeof(KumaTip.Core.Secrets.TipSecret), typeof(LookupForecast) }
            .Concat(typeof(TipSections).Assembly.GetExportedTypes().Where(t => t.Namespace == typeof(TipSections).Namespace));

        var offending = types.SelectMany(t => t.GetProperties().Select(p => (t, p)))
            .Where(x => (Nullable.GetUnderlyingType(x.p.PropertyType) ?? x.p.PropertyType) is var type && (type.IsEnum || type == typeof(DateTime)))
            .Select(x => x.t.Name + "." + x.p.Name)
            .ToList();

        Assert.Empty(offending);
    }

    [Fact]
    public void Times_are_kept_in_UTC_whatever_offset_they_are_given()
    {
        var local = new DateTimeOffset(2026, 11, 28, 12, 15, 0, TimeSpan.FromHours(3));

        var result = new TipLookupResult { ReceivedAt = local };
        var task = new TipTask { Created = local, LastUpdate = local };

        Assert.Equal(TimeSpan.Zero, result.ReceivedAt.Offset);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 9, 15, 0, TimeSpan.Zero), result.ReceivedAt);
        Assert.Equal(TimeSpan.Zero, task.Created.Offset);
        Assert.Equal(TimeSpan.Zero, task.LastUpdate.Offset);
    }

    [Fact]
    public void Lists_read_as_one_cell_joined_with_semicolons()
    {
        var result = new TipLookupResult { Categories = new[] { "CATEGORY_PHISHING", "CATEGORY_MALWARE" }, Sections = Array.Empty<string>() };

        Assert.Equal("CATEGORY_PHISHING; CATEGORY_MALWARE", result.Categories.ToString());
        Assert.Equal(new[] { "CATEGORY_PHISHING", "CATEGORY_MALWARE" }, result.Categories);
        Assert.Equal("", result.Sections.ToString());
        Assert.Equal("Completed", new TipTask { State = TipTaskStatus.Completed }.Status);
        Assert.Equal("*.corp.local; <local>", new TipSettings { ProxyBypass = new[] { "*.corp.local", "<local>" } }.ProxyBypass.ToString());
    }

    [Fact]
    public void Typed_sections_read_as_one_line_each_instead_of_their_type_name()
    {
        var result = new TipLookupResult
        {
            Indicator = "evil.com",
            GeneralInfo = new DomainGeneralInfo
            {
                HitsCount = 1000,
                FirstSeen = new DateTimeOffset(2020, 1, 2, 3, 4, 0, TimeSpan.Zero),
                CategoriesWithZone = new() { new() { Name = "CATEGORY_BOTNET_CNC", Zone = "Red" } },
                FilesCount = 21,
            },
            WhoIs = new DomainWhoIsInfo
            {
                Registrar = new Registrar { Info = "PDR Ltd." },
                Created = new DateTimeOffset(2023, 3, 7, 5, 4, 0, TimeSpan.Zero),
                Contacts = new() { new() { ContactType = "registrant", Name = "Redacted", CountryCode = "IS", Email = "who@example.com", Phone = "+354" } },
            },
            DnsResolutions = new[] { new DnsResolution { Ip = "1.2.3.4", Zone = "Red" }, new DnsResolution { Ip = "5.6.7.8" } },
            Detections = new[] { new DetectionInfo { DetectionName = "EICAR-Test-File", Zone = "Red" } },
            Details = new TipSections { Zone = "Red", DomainGeneralInfo = new DomainGeneralInfo() },
        };

        Assert.Equal("CATEGORY_BOTNET_CNC (Red); hits 1000; first seen 2020-01-02; files 21", result.GeneralInfo!.ToString());
        Assert.Equal("registrar PDR Ltd.; created 2023-03-07; registrant: Redacted, IS", result.WhoIs!.ToString());
        Assert.Equal("1.2.3.4 (Red); 5.6.7.8", result.DnsResolutions!.ToString());
        Assert.Equal("EICAR-Test-File (Red)", result.Detections!.ToString());
        Assert.Equal("Zone, DomainGeneralInfo", result.Details!.ToString());
    }

    [Fact]
    public void A_section_zone_is_read_as_its_canonical_name_and_an_unknown_one_as_nothing()
    {
        var sections = TipResponseParser.Parse("""{"Zone":"gray","DomainDnsResolutions":[{"Ip":"1.2.3.4","Zone":"RED"},{"Ip":"5.6.7.8","Zone":"Purple"},{"Ip":"9.9.9.9","Zone":3}]}""");

        Assert.Equal("Grey", sections.Zone);
        Assert.Equal(new[] { "Red", null, null }, sections.DomainDnsResolutions!.Select(d => d.Zone));
    }

    [Fact]
    public void A_cached_result_comes_back_with_the_same_names_and_a_UTC_time()
    {
        using var temp = new TempDirectory();
        using var database = new TipDatabase(temp.Path);
        var cache = new ResultCache(database);
        var received = new DateTimeOffset(2026, 11, 28, 9, 15, 0, 123, TimeSpan.Zero);
        database.InTransaction(() => cache.Put(new TipLookupResult
        {
            Indicator = "evil.com", Kind = TipIndicatorType.Domain, Found = true, ZoneValue = TipZone.Orange, Status = "Not trusted",
            Categories = new[] { "CATEGORY_PHISHING" }, ReceivedAt = received, Sections = new[] { "Zone" }, Raw = "{}",
        }));

        var cached = cache.Find("Main", new TipIndicator("evil.com", TipIndicatorType.Domain, "evil.com"))!;

        Assert.Equal(("Domain", "Orange", received, TimeSpan.Zero), (cached.Type, cached.Zone, cached.ReceivedAt, cached.ReceivedAt.Offset));
        Assert.IsType<TipList<string>>(cached.Categories);
        Assert.Equal("CATEGORY_PHISHING", cached.Categories.ToString());
    }
}
