using System.Globalization;
using System.Text.Json;

namespace KumaTip.Simulator.Data;

/// <summary>Everything one answer is written from, plus the helpers all section writers share.</summary>
internal sealed class AnswerContext
{
    /// <summary>Generated dates count back from here, so answers do not change with the clock.</summary>
    private static readonly DateTimeOffset Reference = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly int[] PublicFirstOctets =
        [5, 23, 31, 37, 45, 46, 62, 77, 78, 85, 91, 93, 95, 104, 109, 136, 141, 146, 151, 162, 176, 178, 185, 188, 193, 194, 195, 212, 213, 217];

    public AnswerContext(IndicatorProfile profile, Utf8JsonWriter writer, int count)
    {
        Profile = profile;
        Writer = writer;
        Count = count;
    }

    public IndicatorProfile Profile { get; }

    public Utf8JsonWriter Writer { get; }

    /// <summary>Records per list (tip-api.md: <c>count</c>, 1000 when absent).</summary>
    public int Count { get; }

    public string Zone => Profile.Zone;

    public bool IsDangerous => Zone is "Red" or "Orange";

    public DeterministicRandom Rng(string part, int index = 0) => DeterministicRandom.For(Profile.Seed, part, index);

    /// <summary>Minute precision, as TIP writes dates: <c>2021-06-25T03:23Z</c>.</summary>
    public static string Date(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset PastDate(ref DeterministicRandom rng, int maxDaysBack = 2500, int minDaysBack = 0) =>
        Reference.AddMinutes(-rng.Next(minDaysBack * 1440, maxDaysBack * 1440));

    /// <summary>A registration's expiry: the creation anniversary after the reference date (domains are renewed).</summary>
    public static DateTimeOffset FutureDate(ref DeterministicRandom rng, DateTimeOffset created)
    {
        var expires = created;
        while (expires <= Reference) expires = expires.AddYears(1);
        return expires.AddYears(rng.Next(0, 3));
    }

    /// <summary>A first/last-seen pair, first before last.</summary>
    public static (DateTimeOffset First, DateTimeOffset Last) SeenRange(ref DeterministicRandom rng)
    {
        var first = PastDate(ref rng, 2500, 30);
        var last = first.AddMinutes(rng.Next(60, (int)Math.Max(61, (Reference - first).TotalMinutes)));
        return (first, last);
    }

    /// <summary>The portal rounds hit counts to a power of ten.</summary>
    public static int Hits(ref DeterministicRandom rng, int maxExponent = 5) => (int)Math.Pow(10, rng.Next(0, maxExponent + 1));

    public static string RandomDomain(ref DeterministicRandom rng)
    {
        var name = rng.Pick(DataPools.Words);
        if (rng.Chance(0.5)) name += "-" + rng.Pick(DataPools.Words);
        if (rng.Chance(0.3)) name += rng.Next(1, 99).ToString(CultureInfo.InvariantCulture);
        return name + "." + rng.Pick(DataPools.Tlds);
    }

    public static string RandomIp(ref DeterministicRandom rng) =>
        string.Join('.', rng.Pick(PublicFirstOctets), rng.Next(0, 256), rng.Next(0, 256), rng.Next(1, 255));

    public static string RandomPath(ref DeterministicRandom rng)
    {
        var path = "/" + rng.Pick(DataPools.Words);
        if (rng.Chance(0.6)) path += "/" + rng.Pick(DataPools.FileNameStems) + "." + rng.Pick(DataPools.Extensions);
        else if (rng.Chance(0.5)) path += "/" + rng.Pick(DataPools.Words) + ".php?id=" + rng.Next(1, 100000).ToString(CultureInfo.InvariantCulture);
        return path;
    }

    public static string RandomUrl(ref DeterministicRandom rng, string? host = null) =>
        (rng.Chance(0.6) ? "https://" : "http://") + (host ?? RandomDomain(ref rng)) + RandomPath(ref rng);

    public static string RandomFileName(ref DeterministicRandom rng) =>
        rng.Pick(DataPools.FileNameStems) + (rng.Chance(0.3) ? "_" + rng.Next(1, 999).ToString(CultureInfo.InvariantCulture) : "") + "." + rng.Pick(DataPools.Extensions);

    /// <summary>The zone of a related record: mostly like the indicator's, sometimes any.</summary>
    public string RelatedZone(ref DeterministicRandom rng, bool file = false) =>
        rng.Chance(0.7) && !(file && Zone == "Orange") ? Zone : rng.Pick(file ? DataPools.FileZones : DataPools.Zones);

    public static string? DetectionFor(string zone, ref DeterministicRandom rng) => zone switch
    {
        "Red" => rng.Pick(DataPools.MaliciousDetections),
        "Yellow" => rng.Pick(DataPools.AdwareDetections),
        _ => null,
    };

    /// <summary>List length: pinned by the fixture, else drawn — often empty or short, sometimes long enough that <c>count</c> bites.</summary>
    public int ListLength(string section, int max = 1500)
    {
        if (Profile.ListSizes.TryGetValue(section, out var pinned)) return pinned;
        var rng = Rng("length:" + section);
        var roll = rng.NextDouble();
        var richness = Zone switch { "Grey" => 0.5, "Green" => 1.0, _ => 1.3 };
        roll /= richness;
        if (roll < 0.25) return 0;
        if (roll < 0.6) return rng.Next(1, 11);
        if (roll < 0.85) return rng.Next(11, 101);
        return rng.Next(101, max + 1);
    }

    /// <summary>The fixture's pinned length for a list, else <paramref name="fallback"/>.</summary>
    public int PinnedOr(string section, int fallback) => Profile.ListSizes.TryGetValue(section, out var pinned) ? pinned : fallback;

    public void WriteStringArray(string name, IEnumerable<string> values)
    {
        Writer.WriteStartArray(name);
        foreach (var v in values) Writer.WriteStringValue(v);
        Writer.WriteEndArray();
    }

    public void WriteCategories(string zone, IReadOnlyList<string> categories, bool withZone)
    {
        WriteStringArray("Categories", categories);
        if (!withZone) return;
        Writer.WriteStartArray("CategoriesWithZone");
        foreach (var c in categories)
        {
            Writer.WriteStartObject();
            Writer.WriteString("Name", c);
            Writer.WriteString("Zone", c.Contains("ADWARE") || c.Contains("RISKWARE") ? "Yellow" : zone is "Green" or "Grey" ? "Grey" : "Red");
            Writer.WriteEndObject();
        }

        Writer.WriteEndArray();
    }

    public void WriteApt()
    {
        var rng = Rng("apt");
        var hasApt = Zone == "Red" && rng.Chance(0.3);
        Writer.WriteBoolean("HasApt", hasApt);
        Writer.WriteStartArray("RelatedAptReports");
        if (hasApt)
        {
            var n = rng.Next(1, 4);
            var first = rng.Next(0, DataPools.AptReports.Length);
            for (var i = 0; i < n; i++)
            {
                Writer.WriteStartObject();
                Writer.WriteString("Id", rng.Hex(8) + "-" + rng.Hex(4) + "-" + rng.Hex(4) + "-" + rng.Hex(4) + "-" + rng.Hex(12));
                Writer.WriteString("Title", DataPools.AptReports[(first + i) % DataPools.AptReports.Length]);
                Writer.WriteEndObject();
            }
        }

        Writer.WriteEndArray();
    }
}
