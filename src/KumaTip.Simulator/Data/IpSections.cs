using System.Globalization;
using System.Net;
using KumaTip.Simulator.Lookups;

namespace KumaTip.Simulator.Data;

/// <summary>Generated sections of <c>/api/ip</c> (tip-api.md §4.2); reserved addresses get only the basic four.</summary>
internal static class IpSections
{
    public static void Write(AnswerContext ctx, string section)
    {
        switch (section)
        {
            case "RelatedObjects": AnswerWriter.WriteRelatedObjects(ctx); break;
            case "IpGeneralInfo": WriteGeneralInfo(ctx); break;
            case "IpWhoIs": WriteWhoIs(ctx); break;
            case "IpDnsResolutions": AnswerWriter.WriteList(ctx, section, ctx.ListLength(section), WriteResolution); break;
            case "FilesDownloadedFromIp": AnswerWriter.WriteList(ctx, section, ctx.PinnedOr(section, ctx.IsDangerous || ctx.Zone == "Yellow" ? ctx.ListLength(section) : 0), WriteFile); break;
            case "HostedUrls": AnswerWriter.WriteList(ctx, section, ctx.ListLength(section), WriteHostedUrl); break;
            case "Industries": AnswerWriter.WriteIndustries(ctx); break;
        }
    }

    /// <summary>ThreatScore bands of tip-api.md §6: over 74 dangerous, 50–74 not trusted.</summary>
    public static int ThreatScore(string zone, ref DeterministicRandom rng) => zone switch
    {
        "Red" => rng.Next(75, 101),
        "Orange" => rng.Next(50, 75),
        "Yellow" => rng.Next(25, 50),
        "Grey" => rng.Next(0, 25),
        _ => 0,
    };

    private static void WriteGeneralInfo(AnswerContext ctx)
    {
        var w = ctx.Writer;
        var rng = ctx.Rng("IpGeneralInfo");
        var reserved = ctx.Profile.Value.IsReservedIp;
        w.WriteStartObject("IpGeneralInfo");
        w.WriteString("Ip", ctx.Profile.Value.Key);
        w.WriteString("Status", reserved ? "Reserved" : "Known");
        if (reserved)
        {
            w.WriteNull("CountryCode");
            w.WriteNumber("HitsCount", 0);
            w.WriteNumber("ThreatScore", 0);
            w.WriteEndObject();
            return;
        }

        w.WriteString("CountryCode", rng.Pick(DataPools.Countries));
        w.WriteNumber("HitsCount", AnswerContext.Hits(ref rng));
        w.WriteString("FirstSeen", AnswerContext.Date(AnswerContext.PastDate(ref rng, 3000, 30)));
        w.WriteNumber("ThreatScore", ThreatScore(ctx.Zone, ref rng));
        ctx.WriteCategories(ctx.Zone, ctx.Profile.Categories, withZone: true);
        ctx.WriteApt();
        w.WriteEndObject();
    }

    private static void WriteWhoIs(AnswerContext ctx)
    {
        var w = ctx.Writer;
        var rng = ctx.Rng("IpWhoIs");
        var address = IPAddress.Parse(ctx.Profile.Value.Key);
        w.WriteStartObject("IpWhoIs");
        w.WriteStartObject("Net");
        var reserved = ReservedAddresses.Describe(address);
        if (reserved is { } r)
        {
            w.WriteString("RangeStart", r.Start);
            w.WriteString("RangeEnd", r.End);
            w.WriteString("Name", "IANA-RESERVED");
            w.WriteString("Description", r.Name + " (reserved by IANA)");
            w.WriteEndObject();
            w.WriteEndObject();
            return;
        }

        var bytes = address.GetAddressBytes();
        var start = bytes.ToArray();
        var end = bytes.ToArray();
        if (start.Length == 4)
        {
            start[3] = 0;
            end[3] = 255;
            if (rng.Chance(0.5)) { start[2] = 0; end[2] = 255; }
        }
        else
        {
            for (var i = 8; i < 16; i++) { start[i] = 0; end[i] = 255; }
        }

        var asn = rng.Pick(DataPools.Asns);
        var created = AnswerContext.PastDate(ref rng, 7000, 1000);
        w.WriteString("RangeStart", new IPAddress(start).ToString());
        w.WriteString("RangeEnd", new IPAddress(end).ToString());
        w.WriteString("Created", AnswerContext.Date(created));
        w.WriteString("Changed", AnswerContext.Date(created.AddDays(rng.Next(1, 900))));
        w.WriteString("Name", asn.Description + "-NET-" + rng.Next(1, 99).ToString(CultureInfo.InvariantCulture));
        w.WriteString("Description", asn.Description + " network");
        w.WriteEndObject();

        w.WriteStartArray("Asn");
        w.WriteStartObject();
        w.WriteNumber("Number", asn.Number);
        w.WriteString("Description", asn.Description);
        w.WriteEndObject();
        w.WriteEndArray();

        w.WriteStartArray("Contacts");
        foreach (var type in new[] { "registrant", "abuse" })
        {
            var org = asn.Description.ToLowerInvariant();
            w.WriteStartObject();
            w.WriteString("ContactType", type);
            w.WriteString("Name", type == "abuse" ? "Abuse Team" : asn.Description);
            ctx.WriteStringArray("Address", [rng.Next(1, 999).ToString(CultureInfo.InvariantCulture) + " " + rng.Pick(DataPools.Words) + " street", rng.Pick(DataPools.Countries)]);
            w.WriteString("Email", (type == "abuse" ? "abuse@" : "noc@") + org + ".net");
            w.WriteNull("Fax");
            w.WriteString("Phone", "+" + rng.Next(1, 99).ToString(CultureInfo.InvariantCulture) + " " + rng.Next(1000000, 9999999).ToString(CultureInfo.InvariantCulture));
            w.WriteString("OrganizationId", "ORG-" + asn.Description[..Math.Min(4, asn.Description.Length)] + rng.Next(1, 99).ToString(CultureInfo.InvariantCulture) + "-RIPE");
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
        w.WriteString("Domain", AnswerContext.RandomDomain(ref rng));
        w.WriteString("Zone", zone);
        w.WriteNumber("HitsCount", AnswerContext.Hits(ref rng));
        w.WriteString("FirstSeen", AnswerContext.Date(first));
        w.WriteString("LastSeen", AnswerContext.Date(last));
        w.WriteString("PeakDate", AnswerContext.Date(first.AddMinutes((last - first).TotalMinutes / 2)));
        w.WriteNumber("DailyPeak", AnswerContext.Hits(ref rng, 3));
        ctx.WriteStringArray("Categories", FixtureCatalog.CategoriesFor(zone, ref rng));
    }

    private static void WriteFile(AnswerContext ctx, ref DeterministicRandom rng, int index)
    {
        var w = ctx.Writer;
        var zone = ctx.RelatedZone(ref rng, file: true);
        var (first, last) = AnswerContext.SeenRange(ref rng);
        w.WriteString("Md5", rng.Hex(32));
        w.WriteString("Zone", zone);
        w.WriteNumber("DownloadHitsCount", AnswerContext.Hits(ref rng, 4));
        var detection = AnswerContext.DetectionFor(zone, ref rng);
        if (detection is null) w.WriteNull("DetectionName"); else w.WriteString("DetectionName", detection);
        w.WriteString("Url", AnswerContext.RandomUrl(ref rng, ctx.Profile.Value.Key.Contains(':') ? "[" + ctx.Profile.Value.Key + "]" : ctx.Profile.Value.Key));
        w.WriteString("FirstSeen", AnswerContext.Date(first));
        w.WriteString("LastSeen", AnswerContext.Date(last));
    }

    private static void WriteHostedUrl(AnswerContext ctx, ref DeterministicRandom rng, int index)
    {
        var w = ctx.Writer;
        var (first, last) = AnswerContext.SeenRange(ref rng);
        w.WriteString("Url", AnswerContext.RandomUrl(ref rng));
        w.WriteString("Zone", ctx.RelatedZone(ref rng));
        w.WriteNumber("UrlHitsCount", AnswerContext.Hits(ref rng, 4));
        w.WriteString("FirstSeen", AnswerContext.Date(first));
        w.WriteString("LastSeen", AnswerContext.Date(last));
    }
}
