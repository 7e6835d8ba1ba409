using System.Globalization;
using KumaTip.Simulator.Lookups;

namespace KumaTip.Simulator.Data;

/// <summary>Generated sections of <c>/api/domain</c> and <c>/api/url</c> (tip-api.md §4.3, §4.4), which share most lists.</summary>
internal static class DomainSections
{
    public static void Write(AnswerContext ctx, string section)
    {
        switch (section)
        {
            case "RelatedObjects": AnswerWriter.WriteRelatedObjects(ctx); break;
            case "DomainGeneralInfo": WriteDomainGeneralInfo(ctx); break;
            case "UrlGeneralInfo": WriteUrlGeneralInfo(ctx); break;
            case "DomainWhoIsInfo":
            case "UrlDomainWhoIs":
                WriteWhoIs(ctx, section);
                break;
            case "DomainDnsResolutions": AnswerWriter.WriteList(ctx, section, ctx.ListLength(section), WriteResolution); break;
            case "FilesDownloaded": AnswerWriter.WriteList(ctx, section, ctx.ListLength(section), WriteFileDownloaded); break;
            case "FilesAccessed": AnswerWriter.WriteList(ctx, section, ctx.ListLength(section), WriteFileAccessed); break;
            case "UrlReferrals": AnswerWriter.WriteList(ctx, section, ctx.ListLength(section), WriteReferral); break;
            case "UrlReferredTo": AnswerWriter.WriteList(ctx, section, ctx.ListLength(section), WriteReferral); break;
            case "Subdomains": AnswerWriter.WriteList(ctx, section, ctx.ListLength(section), WriteSubdomain); break;
            case "FeedMasks": AnswerWriter.WriteList(ctx, section, ctx.PinnedOr(section, ctx.Zone is "Red" or "Orange" or "Yellow" ? ctx.Rng("masks").Next(1, 6) : 0), WriteFeedMask); break;
            case "Industries": AnswerWriter.WriteIndustries(ctx); break;
        }
    }

    /// <summary>The host of the indicator: the domain itself, or a URL's host.</summary>
    private static string Host(AnswerContext ctx)
    {
        var key = ctx.Profile.Value.Key;
        var end = key.IndexOfAny(['/', '?']);
        return end < 0 ? key : key[..end];
    }

    /// <summary>Last two labels (three for the common second-level suffixes): what a registrar registers.</summary>
    private static string RegisteredDomain(string host)
    {
        var labels = host.Split('.');
        if (labels.Length <= 2) return host;
        var take = labels[^2] is "co" or "com" or "org" or "net" or "ac" or "gov" && labels[^1].Length == 2 ? 3 : 2;
        return string.Join('.', labels[^Math.Min(take, labels.Length)..]);
    }

    private static void WriteDomainGeneralInfo(AnswerContext ctx)
    {
        var w = ctx.Writer;
        var rng = ctx.Rng("DomainGeneralInfo");
        w.WriteStartObject("DomainGeneralInfo");
        w.WriteString("Domain", ctx.Profile.Value.Key);
        w.WriteNumber("FilesCount", ctx.ListLength("FilesDownloaded") + ctx.ListLength("FilesAccessed"));
        w.WriteNumber("UrlsCount", rng.Next(0, 100000));
        w.WriteNumber("HitsCount", AnswerContext.Hits(ref rng, 6));
        w.WriteNumber("Ipv4Count", Math.Max(1, ctx.ListLength("DomainDnsResolutions")));
        ctx.WriteCategories(ctx.Zone, ctx.Profile.Categories, withZone: true);
        ctx.WriteApt();
        w.WriteEndObject();
    }

    private static void WriteUrlGeneralInfo(AnswerContext ctx)
    {
        var w = ctx.Writer;
        w.WriteStartObject("UrlGeneralInfo");
        w.WriteString("Url", ctx.Profile.Value.Key);
        w.WriteString("Host", Host(ctx));
        w.WriteNumber("Ipv4Count", Math.Max(1, ctx.ListLength("DomainDnsResolutions")));
        w.WriteNumber("FilesCount", ctx.ListLength("FilesDownloaded") + ctx.ListLength("FilesAccessed"));
        ctx.WriteCategories(ctx.Zone, ctx.Profile.Categories, withZone: true);
        ctx.WriteApt();
        w.WriteEndObject();
    }

    private static void WriteWhoIs(AnswerContext ctx, string section)
    {
        var host = Host(ctx);
        if (host.StartsWith('[') || char.IsAsciiDigit(host[^1])) return; // an IP host has no domain WHOIS
        var domain = RegisteredDomain(host);
        var rng = DeterministicRandom.For(DeterministicRandom.SeedOf("whois:" + domain), "whois");
        var w = ctx.Writer;
        var registrar = rng.Pick(DataPools.Registrars);
        var created = AnswerContext.PastDate(ref rng, 9000, 20);
        w.WriteStartObject(section);
        w.WriteString("DomainName", domain);
        w.WriteString("Created", AnswerContext.Date(created));
        w.WriteString("Updated", AnswerContext.Date(created.AddDays(rng.Next(1, 700))));
        w.WriteString("Expires", AnswerContext.Date(AnswerContext.FutureDate(ref rng, created)));
        var ns = rng.Chance(0.5) ? "cloudflare.com" : domain;
        ctx.WriteStringArray("NameServers", [rng.Pick(DataPools.Words) + ".ns." + ns, rng.Pick(DataPools.Words) + ".ns." + ns]);
        ctx.WriteStringArray("DomainStatus", DataPools.DomainStatuses.Take(rng.Next(1, 4)));
        w.WriteString("RegistrationOrganization", rng.Chance(0.5) ? "Privacy service provided by Withheld for Privacy ehf" : rng.Pick(DataPools.Words) + " Ltd");
        w.WriteStartObject("Registrar");
        w.WriteString("Info", registrar.Info);
        w.WriteNumber("IanaId", registrar.IanaId);
        w.WriteString("Email", registrar.Email);
        w.WriteEndObject();
        w.WriteStartArray("Contacts");
        foreach (var type in new[] { "registrant", "admin", "tech" })
        {
            w.WriteStartObject();
            w.WriteString("ContactType", type);
            w.WriteString("Name", "Redacted for Privacy");
            w.WriteString("Organization", "Privacy service provided by Withheld for Privacy ehf");
            w.WriteString("Address", "Kalkofnsvegur 2");
            w.WriteString("City", "Reykjavik");
            w.WriteString("State", "Capital Region");
            w.WriteString("PostalCode", "101");
            w.WriteString("CountryCode", "IS");
            w.WriteString("Phone", "+354.4212434");
            w.WriteNull("Fax");
            w.WriteString("Email", rng.Hex(24) + "@withheldforprivacy.com");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteResolution(AnswerContext ctx, ref DeterministicRandom rng, int index)
    {
        var w = ctx.Writer;
        var zone = ctx.RelatedZone(ref rng);
        var (first, last) = AnswerContext.SeenRange(ref rng);
        w.WriteString("Ip", AnswerContext.RandomIp(ref rng));
        w.WriteString("Zone", zone);
        w.WriteNumber("ThreatScore", IpSections.ThreatScore(zone, ref rng));
        w.WriteNumber("HitsCount", AnswerContext.Hits(ref rng));
        w.WriteString("FirstSeen", AnswerContext.Date(first));
        w.WriteString("LastSeen", AnswerContext.Date(last));
        w.WriteString("PeakDate", AnswerContext.Date(first.AddMinutes((last - first).TotalMinutes / 2)));
        w.WriteNumber("DailyPeak", AnswerContext.Hits(ref rng, 3));
    }

    private static void WriteFileDownloaded(AnswerContext ctx, ref DeterministicRandom rng, int index)
    {
        var w = ctx.Writer;
        var zone = ctx.RelatedZone(ref rng, file: true);
        var (first, last) = AnswerContext.SeenRange(ref rng);
        w.WriteString("Md5", rng.Hex(32));
        w.WriteString("Zone", zone);
        w.WriteNumber("DownloadHitsCount", AnswerContext.Hits(ref rng, 4));
        w.WriteString("FirstSeen", AnswerContext.Date(first));
        w.WriteString("LastSeen", AnswerContext.Date(last));
        var detection = AnswerContext.DetectionFor(zone, ref rng);
        if (detection is null) w.WriteNull("DetectionName"); else w.WriteString("DetectionName", detection);
        w.WriteString("Url", (rng.Chance(0.5) ? "https://" : "http://") + Host(ctx) + "/" + AnswerContext.RandomFileName(ref rng));
    }

    private static void WriteFileAccessed(AnswerContext ctx, ref DeterministicRandom rng, int index)
    {
        var w = ctx.Writer;
        var zone = ctx.RelatedZone(ref rng, file: true);
        var (first, last) = AnswerContext.SeenRange(ref rng);
        w.WriteString("Md5", rng.Hex(32));
        w.WriteString("Zone", zone);
        w.WriteNumber("AccessHitsCount", AnswerContext.Hits(ref rng, 4));
        w.WriteString("FirstSeen", AnswerContext.Date(first));
        w.WriteString("LastSeen", AnswerContext.Date(last));
        var detection = AnswerContext.DetectionFor(zone, ref rng);
        if (detection is null) w.WriteNull("DetectionName"); else w.WriteString("DetectionName", detection);
    }

    private static void WriteReferral(AnswerContext ctx, ref DeterministicRandom rng, int index)
    {
        ctx.Writer.WriteString("Url", AnswerContext.RandomUrl(ref rng));
        ctx.Writer.WriteString("Zone", ctx.RelatedZone(ref rng));
        ctx.Writer.WriteString("LastSeen", AnswerContext.Date(AnswerContext.PastDate(ref rng, 900)));
    }

    private static void WriteSubdomain(AnswerContext ctx, ref DeterministicRandom rng, int index)
    {
        var prefix = rng.Pick(DataPools.Words) + (index >= DataPools.Words.Length ? index.ToString(CultureInfo.InvariantCulture) : "");
        ctx.Writer.WriteString("Subdomain", prefix + "." + Host(ctx));
        ctx.Writer.WriteString("Zone", ctx.RelatedZone(ref rng));
        ctx.Writer.WriteNumber("FilesCount", rng.Next(0, 50));
    }

    private static void WriteFeedMask(AnswerContext ctx, ref DeterministicRandom rng, int index)
    {
        var host = Host(ctx);
        var type = rng.Pick(DataPools.MaskTypes);
        ctx.Writer.WriteString("Zone", ctx.Zone);
        ctx.Writer.WriteString("MaskType", type);
        ctx.Writer.WriteString("NormalizedMask", type == "Domain" ? host : host + "/*");
        ctx.WriteStringArray("FeedNames", [rng.Pick(DataPools.FeedNames)]);
    }
}
