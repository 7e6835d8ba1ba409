using System.Text.Json;
using KumaTip.Simulator.Data;
using KumaTip.Simulator.Lookups;

namespace KumaTip.Simulator.OpenTip;

/// <summary>
/// OpenTIP answers (tip-api.md §5): fixed sections per endpoint, no LicenseInfo or RelatedObjects, no section choice
/// and no record count. The WHOIS and general-info sections share the TIP simulator's generators (the documented
/// fields are the same); FileGeneralInfo carries OpenTIP's <c>FileStatus</c>, and analysed files carry the
/// misspelled <c>DynamicAnalisysResults</c> that clients of the real service read.
/// </summary>
internal static class OpenTipAnswerWriter
{
    /// <summary>The sections each search endpoint answers with, in order.</summary>
    public static IReadOnlyList<string> SectionsOf(LookupType type) => type switch
    {
        LookupType.Hash => ["Zone", "FileGeneralInfo", "DetectionsInfo", "DynamicAnalisysResults"],
        LookupType.Ip => ["Zone", "IpGeneralInfo", "IpWhoIs"],
        LookupType.Domain => ["Zone", "DomainGeneralInfo", "DomainWhoIsInfo"],
        _ => ["Zone", "UrlGeneralInfo", "UrlDomainWhoIs"],
    };

    /// <param name="file">An uploaded file the answer is about (its real hashes, name and size), else null.</param>
    /// <param name="analysed">Whether a sandbox result exists (DynamicAnalisysResults is sent).</param>
    /// <param name="status">getresult's <c>Status</c> (<c>in progress</c>, <c>complete</c>, <c>not started</c>); null for search and scan.</param>
    public static void Write(AnswerContext ctx, ScannedFile? file, bool analysed, string? status)
    {
        var w = ctx.Writer;
        w.WriteStartObject();
        if (status is not null) w.WriteString("Status", status);
        foreach (var section in SectionsOf(ctx.Profile.Value.Type))
        {
            switch (section)
            {
                case "Zone": w.WriteString("Zone", ZoneOf(ctx)); break;
                case "FileGeneralInfo": WriteFileGeneralInfo(ctx, file); break;
                case "DetectionsInfo": if (ZoneOf(ctx) is "Red" or "Yellow") HashSections.Write(ctx, section); break;
                case "DynamicAnalisysResults": if (analysed) WriteDynamicAnalysis(ctx); break;
                case "IpGeneralInfo" or "IpWhoIs": IpSections.Write(ctx, section); break;
                default: DomainSections.Write(ctx, section); break;
            }
        }

        w.WriteEndObject();
    }

    /// <summary>OpenTIP does not list Orange for files (tip-api.md §5): a suspicious file is "Adware and other".</summary>
    public static string ZoneOf(AnswerContext ctx) => ZoneOf(ctx.Profile);

    private static string ZoneOf(IndicatorProfile profile) =>
        profile.Value.Type == LookupType.Hash && profile.Zone == "Orange" ? "Yellow" : profile.Zone;

    /// <summary>Known files that the sandbox has seen: the dangerous ones, and about a third of the rest.</summary>
    public static bool HasSandboxResult(IndicatorProfile profile) =>
        ZoneOf(profile) is "Red" or "Yellow" || DeterministicRandom.For(profile.Seed, "sandbox", 0).Chance(0.3);

    private static void WriteFileGeneralInfo(AnswerContext ctx, ScannedFile? file)
    {
        var w = ctx.Writer;
        var rng = ctx.Rng("FileGeneralInfo");
        var key = ctx.Profile.Value.Key;
        var zone = ZoneOf(ctx);
        var (first, last) = AnswerContext.SeenRange(ref rng);
        w.WriteStartObject("FileGeneralInfo");
        w.WriteString("FileStatus", zone switch
        {
            "Red" => "Malware",
            "Yellow" => "Adware and other",
            "Green" => rng.Chance(0.5) ? "Clean" : "No threats detected",
            _ => "Not categorized",
        });
        w.WriteString("Sha1", file?.Sha1 ?? (key.Length == 40 ? key : rng.Hex(40)));
        w.WriteString("Md5", file?.Md5 ?? (key.Length == 32 ? key : rng.Hex(32)));
        w.WriteString("Sha256", file?.Sha256 ?? (key.Length == 64 ? key : rng.Hex(64)));
        w.WriteString("FirstSeen", AnswerContext.Date(file?.UploadedAt ?? first));
        w.WriteString("LastSeen", AnswerContext.Date(file?.UploadedAt ?? last));
        if (zone == "Green" && rng.Chance(0.8)) w.WriteString("Signer", rng.Pick(DataPools.Signers));
        if (zone == "Red" && rng.Chance(0.4)) w.WriteString("Packer", rng.Pick(DataPools.Packers));
        w.WriteNumber("Size", file?.Size ?? rng.Next(1024, 48 * 1024 * 1024));
        w.WriteString("Type", rng.Pick(DataPools.FileTypes));
        w.WriteNumber("HitsCount", file is null ? AnswerContext.Hits(ref rng) : 1);
        w.WriteEndObject();
    }

    private static void WriteDynamicAnalysis(AnswerContext ctx)
    {
        var w = ctx.Writer;
        var rng = ctx.Rng("DynamicAnalisysResults");
        var dangerous = ZoneOf(ctx) == "Red";
        var suspicious = ZoneOf(ctx) is "Red" or "Yellow";
        w.WriteStartObject("DynamicAnalisysResults");
        WriteCounts(w, "Detections", dangerous ? [("Red", rng.Next(1, 6))] : suspicious ? [("Yellow", rng.Next(1, 3))] : []);
        WriteCounts(w, "SuspiciousActivities", suspicious ? [("Red", rng.Next(0, 12)), ("Yellow", rng.Next(1, 20)), ("Grey", rng.Next(0, 40))] : [("Grey", rng.Next(0, 10))]);
        WriteCounts(w, "ExtractedFiles", dangerous ? [("Red", rng.Next(1, 4)), ("Grey", rng.Next(0, 6))] : [("Grey", rng.Next(0, 3))]);
        WriteCounts(w, "NetworkActivities", suspicious ? [("Red", rng.Next(0, 3)), ("Grey", rng.Next(1, 30))] : [("Grey", rng.Next(0, 8))]);
        w.WriteStartArray("DynamicDetections");
        if (dangerous)
        {
            w.WriteStartObject();
            w.WriteString("Zone", "Red");
            w.WriteNumber("Threat", rng.Next(1, 4));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("TriggeredNetworkRules");
        if (dangerous && rng.Chance(0.6))
        {
            w.WriteStartObject();
            w.WriteString("Zone", "Red");
            w.WriteString("RuleName", "Trojan.Win32.Agent.C&C.HTTP");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter w, string name, (string Zone, int Count)[] counts)
    {
        w.WriteStartArray(name);
        foreach (var (zone, count) in counts)
        {
            if (count <= 0) continue;
            w.WriteStartObject();
            w.WriteString("Zone", zone);
            w.WriteNumber("Count", count);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
