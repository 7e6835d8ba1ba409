using System.Globalization;

namespace KumaTip.Simulator.Data;

/// <summary>Generated sections of <c>/api/hash</c> (tip-api.md §4.1).</summary>
internal static class HashSections
{
    public static void Write(AnswerContext ctx, string section)
    {
        var signed = IsSigned(ctx);
        switch (section)
        {
            case "RelatedObjects": AnswerWriter.WriteRelatedObjects(ctx); break;
            case "FileGeneralInfo": WriteGeneralInfo(ctx, signed); break;
            case "DetectionsInfo":
                var detections = ctx.PinnedOr(section, ctx.Zone switch { "Red" => ctx.Rng("detections").Next(1, 31), "Yellow" => ctx.Rng("detections").Next(1, 6), _ => 0 });
                AnswerWriter.WriteList(ctx, section, detections, WriteDetection);
                break;
            case "FileParentCertificates":
                AnswerWriter.WriteList(ctx, section, ctx.PinnedOr(section, signed ? ctx.Rng("parents").Next(2, 5) : 0), WriteCertificate);
                break;
            case "FileCertificates":
                AnswerWriter.WriteList(ctx, section, ctx.PinnedOr(section, signed ? ctx.Rng("certs").Next(1, 4) : 0), WriteCertificate);
                break;
            case "FileNames": AnswerWriter.WriteList(ctx, section, ctx.ListLength(section, 300), WriteFileName); break;
            case "FilePaths": AnswerWriter.WriteList(ctx, section, ctx.ListLength(section, 300), WriteFilePath); break;
            case "FileDownloadedFromUrls": AnswerWriter.WriteList(ctx, section, ctx.ListLength(section), WriteDownloadedFromUrl); break;
            case "FileAccessedUrls": AnswerWriter.WriteList(ctx, section, ctx.ListLength(section), WriteAccessedUrl); break;
            case "FileStartedObjects":
            case "FileStartedBy":
                AnswerWriter.WriteList(ctx, section, ctx.ListLength(section, 200), (AnswerContext c, ref DeterministicRandom r, int i) => WriteRelatedFile(c, ref r, "LastStartDate"));
                break;
            case "FileDownloadedObjects":
            case "FileDownloadedBy":
                AnswerWriter.WriteList(ctx, section, ctx.ListLength(section, 200), (AnswerContext c, ref DeterministicRandom r, int i) => WriteRelatedFile(c, ref r, "LastDownloadDate"));
                break;
            case "Industries": AnswerWriter.WriteIndustries(ctx); break;
        }
    }

    private static bool IsSigned(AnswerContext ctx) => ctx.PinnedOr("FileCertificates", -1) is var pinned && pinned >= 0 ? pinned > 0 : ctx.Zone == "Green" ? ctx.Rng("signed").Chance(0.8) : ctx.Rng("signed").Chance(0.15);

    private static void WriteGeneralInfo(AnswerContext ctx, bool signed)
    {
        var w = ctx.Writer;
        var rng = ctx.Rng("FileGeneralInfo");
        var key = ctx.Profile.Value.Key;
        var (first, last) = AnswerContext.SeenRange(ref rng);
        w.WriteStartObject("FileGeneralInfo");
        w.WriteString("Md5", key.Length == 32 ? key : rng.Hex(32));
        w.WriteString("Sha1", key.Length == 40 ? key : rng.Hex(40));
        w.WriteString("Sha256", key.Length == 64 ? key : rng.Hex(64));
        w.WriteString("FirstSeen", AnswerContext.Date(first));
        w.WriteString("LastSeen", AnswerContext.Date(last));
        if (signed)
        {
            w.WriteString("Signer", rng.Pick(DataPools.Signers));
            var discredited = ctx.Zone == "Red";
            w.WriteString("SignerZone", discredited ? "Red" : "Green");
            w.WriteString("SignerStatus", discredited ? "Discredited" : "Trusted");
        }
        else
        {
            w.WriteNull("Signer");
        }

        if (ctx.Zone == "Red" && rng.Chance(0.4)) w.WriteString("Packer", rng.Pick(DataPools.Packers));
        else w.WriteNull("Packer");
        w.WriteNumber("Size", rng.Next(1024, 48 * 1024 * 1024));
        w.WriteString("Type", rng.Pick(DataPools.FileTypes));
        w.WriteNumber("HitsCount", AnswerContext.Hits(ref rng));
        ctx.WriteApt();
        ctx.WriteCategories(ctx.Zone, ctx.Profile.Categories, withZone: false);
        w.WriteEndObject();
    }

    private static void WriteDetection(AnswerContext ctx, ref DeterministicRandom rng, int index)
    {
        var w = ctx.Writer;
        var name = AnswerContext.DetectionFor(ctx.Zone, ref rng)!;
        w.WriteString("LastDetectDate", AnswerContext.Date(AnswerContext.PastDate(ref rng, 400)));
        w.WriteString("DescriptionUrl", "https://threats.kaspersky.com/en/threat/" + ThreatFamily(name) + "/");
        w.WriteString("Zone", ctx.Zone);
        w.WriteString("DetectionName", name);
        w.WriteString("DetectionMethod", rng.Pick(DataPools.DetectionMethods));
    }

    private static string ThreatFamily(string detection)
    {
        var name = detection.Replace("not-a-virus:", "", StringComparison.Ordinal).Replace("HEUR:", "", StringComparison.Ordinal);
        var parts = name.Split('.');
        return parts.Length >= 3 ? string.Join('.', parts[..3]) : name;
    }

    private static void WriteCertificate(AnswerContext ctx, ref DeterministicRandom rng, int index)
    {
        var w = ctx.Writer;
        var vendor = rng.Pick(DataPools.Signers);
        var issued = AnswerContext.PastDate(ref rng, 2000, 100);
        w.WriteString("Vendor", index == 0 ? vendor : vendor + " Code Signing PCA");
        w.WriteString("Publisher", index == 0 ? vendor : (rng.Chance(0.5) ? "DigiCert" : "Sectigo") + " Public Code Signing CA R" + rng.Next(1, 47).ToString(CultureInfo.InvariantCulture));
        w.WriteString("TimeStamp", AnswerContext.Date(issued.AddDays(rng.Next(1, 90))));
        w.WriteString("Issued", AnswerContext.Date(issued));
        w.WriteString("Expires", AnswerContext.Date(issued.AddYears(rng.Next(1, 4))));
        w.WriteString("SerialNumber", rng.Hex(32));
    }

    private static void WriteFileName(AnswerContext ctx, ref DeterministicRandom rng, int index)
    {
        ctx.Writer.WriteString("FileName", AnswerContext.RandomFileName(ref rng));
        ctx.Writer.WriteNumber("FileNamesHitsCount", AnswerContext.Hits(ref rng, 4));
    }

    private static void WriteFilePath(AnswerContext ctx, ref DeterministicRandom rng, int index)
    {
        ctx.Writer.WriteString("Path", string.Format(CultureInfo.InvariantCulture, rng.Pick(DataPools.PathTemplates), rng.Pick(DataPools.Words)));
        ctx.Writer.WriteString("Location", rng.Pick(DataPools.Locations));
        ctx.Writer.WriteNumber("FilePathHitsCount", AnswerContext.Hits(ref rng, 4));
    }

    private static void WriteDownloadedFromUrl(AnswerContext ctx, ref DeterministicRandom rng, int index)
    {
        var domain = AnswerContext.RandomDomain(ref rng);
        ctx.Writer.WriteString("Url", AnswerContext.RandomUrl(ref rng, domain));
        ctx.Writer.WriteString("Domain", domain);
        ctx.Writer.WriteString("Zone", ctx.RelatedZone(ref rng));
        ctx.Writer.WriteString("LastDownloadDate", AnswerContext.Date(AnswerContext.PastDate(ref rng, 900)));
    }

    private static void WriteAccessedUrl(AnswerContext ctx, ref DeterministicRandom rng, int index)
    {
        var domain = AnswerContext.RandomDomain(ref rng);
        ctx.Writer.WriteString("Url", AnswerContext.RandomUrl(ref rng, domain));
        ctx.Writer.WriteString("Domain", domain);
        ctx.Writer.WriteString("Zone", ctx.RelatedZone(ref rng));
        ctx.Writer.WriteString("LastDownloadDate", AnswerContext.Date(AnswerContext.PastDate(ref rng, 900)));
    }

    private static void WriteRelatedFile(AnswerContext ctx, ref DeterministicRandom rng, string dateName)
    {
        var w = ctx.Writer;
        var zone = ctx.RelatedZone(ref rng, file: true);
        w.WriteString("Zone", zone);
        w.WriteNumber("HitsCount", AnswerContext.Hits(ref rng, 4));
        w.WriteString("Md5", rng.Hex(32));
        w.WriteString("Location", rng.Pick(DataPools.Locations));
        w.WriteString("Path", string.Format(CultureInfo.InvariantCulture, rng.Pick(DataPools.PathTemplates), rng.Pick(DataPools.Words)));
        w.WriteString("Name", AnswerContext.RandomFileName(ref rng));
        w.WriteString(dateName, AnswerContext.Date(AnswerContext.PastDate(ref rng, 900)));
        var detection = AnswerContext.DetectionFor(zone, ref rng);
        if (detection is null) w.WriteNull("DetectionName");
        else w.WriteString("DetectionName", detection);
    }
}
