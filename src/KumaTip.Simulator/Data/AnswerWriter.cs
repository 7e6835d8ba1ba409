using System.Text.Json;
using KumaTip.Simulator.Lookups;

namespace KumaTip.Simulator.Data;

/// <summary>
/// Writes the JSON answer for a profile: only the requested sections, lists cut to <c>count</c> (except the two
/// unlimited ones), empty sections left out. Records are generated one by one from per-record seeds, so a
/// record is the same whatever <c>count</c> was asked and only what is sent is ever generated.
/// </summary>
internal static class AnswerWriter
{
    internal delegate void RecordWriter(AnswerContext ctx, ref DeterministicRandom rng, int index);

    public static void Write(AnswerContext ctx, IReadOnlyList<string> sections, LicenseSnapshot license)
    {
        var w = ctx.Writer;
        w.WriteStartObject();
        foreach (var section in sections)
        {
            if (ctx.Profile.Value.IsReservedIp && !SectionCatalog.ReservedIpSections.Contains(section)) continue;
            if (section == "LicenseInfo")
            {
                WriteLicense(w, license);
                continue;
            }

            if (section == "Zone")
            {
                w.WriteString("Zone", ctx.Zone);
                continue;
            }

            if (ctx.Profile.FixedSections.TryGetValue(section, out var fixedValue))
            {
                WriteFixed(ctx, section, fixedValue);
                continue;
            }

            switch (ctx.Profile.Value.Type)
            {
                case LookupType.Hash: HashSections.Write(ctx, section); break;
                case LookupType.Ip: IpSections.Write(ctx, section); break;
                default: DomainSections.Write(ctx, section); break;
            }
        }

        w.WriteEndObject();
    }

    public static void WriteList(AnswerContext ctx, string name, int length, RecordWriter write)
    {
        var n = SectionCatalog.Unlimited.Contains(name) ? length : Math.Min(length, ctx.Count);
        if (n <= 0) return; // empty sections are missing from the JSON
        var w = ctx.Writer;
        w.WriteStartArray(name);
        for (var i = 0; i < n; i++)
        {
            var rng = ctx.Rng(name, i);
            w.WriteStartObject();
            write(ctx, ref rng, i);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    public static void WriteStringList(AnswerContext ctx, string name, IReadOnlyList<string> values)
    {
        var n = Math.Min(values.Count, ctx.Count);
        if (n <= 0) return;
        ctx.Writer.WriteStartArray(name);
        for (var i = 0; i < n; i++) ctx.Writer.WriteStringValue(values[i]);
        ctx.Writer.WriteEndArray();
    }

    public static void WriteRelatedObjects(AnswerContext ctx)
    {
        var rng = ctx.Rng("RelatedObjects");
        ctx.Writer.WriteStartObject("RelatedObjects");
        ctx.Writer.WriteBoolean("HasRedZone", ctx.IsDangerous || (ctx.Zone != "Green" && rng.Chance(0.2)));
        ctx.Writer.WriteEndObject();
    }

    public static void WriteIndustries(AnswerContext ctx)
    {
        var rng = ctx.Rng("Industries");
        var n = ctx.PinnedOr("Industries", ctx.Zone is "Green" or "Grey" ? 0 : rng.Next(1, 9));
        if (n == 0) return;
        var all = DataPools.Industries.OrderBy(_ => rng.NextUInt64()).Take(n).ToArray();
        WriteStringList(ctx, "Industries", all);
    }

    private static void WriteLicense(Utf8JsonWriter w, LicenseSnapshot license)
    {
        w.WriteStartObject("LicenseInfo");
        w.WriteString("AccessType", "Commercial");
        w.WriteNumber("DayRequests", license.DayRequests);
        w.WriteNumber("DayQuota", license.DayQuota);
        // Minute precision, UTC, like every TIP date (tip-api.md §2.1).
        if (license.TokenExpirationDate is { } expires) w.WriteString("TokenExpirationDate", expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture));
        else w.WriteNull("TokenExpirationDate");
        w.WriteEndObject();
    }

    private static void WriteFixed(AnswerContext ctx, string section, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            ctx.Writer.WritePropertyName(section);
            value.WriteTo(ctx.Writer);
            return;
        }

        var limit = SectionCatalog.Unlimited.Contains(section) ? int.MaxValue : ctx.Count;
        var n = Math.Min(value.GetArrayLength(), limit);
        if (n == 0) return;
        ctx.Writer.WriteStartArray(section);
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (i++ >= n) break;
            item.WriteTo(ctx.Writer);
        }

        ctx.Writer.WriteEndArray();
    }
}
