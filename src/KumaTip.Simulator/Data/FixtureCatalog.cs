using System.Text.Json;
using KumaTip.Simulator.Lookups;

namespace KumaTip.Simulator.Data;

/// <summary>
/// The hand-written indicators in the embedded <c>Data/fixtures.json</c>, keyed by endpoint and normalized value.
/// Every other valid value gets a generated profile seeded by a hash of that key.
/// </summary>
internal sealed class FixtureCatalog
{
    private readonly Dictionary<(LookupType, string), IndicatorProfile> _fixtures = new();

    private FixtureCatalog()
    {
    }

    public static FixtureCatalog Load()
    {
        var catalog = new FixtureCatalog();
        using var stream = typeof(FixtureCatalog).Assembly.GetManifestResourceStream("KumaTip.Simulator.fixtures.json")
            ?? throw new InvalidOperationException("The embedded fixtures.json is missing from the simulator assembly.");
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            var type = Enum.Parse<LookupType>(entry.GetProperty("Type").GetString()!, ignoreCase: true);
            var zone = entry.GetProperty("Zone").GetString()!;
            var categories = entry.TryGetProperty("Categories", out var c)
                ? c.EnumerateArray().Select(x => x.GetString()!).ToArray()
                : [];
            var sections = entry.TryGetProperty("Sections", out var s)
                ? s.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal)
                : new Dictionary<string, JsonElement>();
            var sizes = entry.TryGetProperty("ListSizes", out var l)
                ? l.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal)
                : new Dictionary<string, int>();
            foreach (var raw in entry.GetProperty("Values").EnumerateArray())
            {
                var value = LookupValueParser.Parse(type, raw.GetString()!, out var error)
                    ?? throw new InvalidOperationException($"Fixture value '{raw.GetString()}' is not a valid {type}: {error}");
                catalog._fixtures[(value.Type, value.Key)] = new IndicatorProfile
                {
                    Value = value,
                    Zone = zone,
                    Categories = categories,
                    Seed = DeterministicRandom.SeedOf("fixture:" + value.Type + ":" + value.Key),
                    FixedSections = sections,
                    ListSizes = sizes,
                };
            }
        }

        return catalog;
    }

    public int Count => _fixtures.Count;

    /// <summary>True when the value is one of the hand-written fixtures.</summary>
    public bool IsFixture(LookupValue value) => _fixtures.ContainsKey((value.Type, value.Key));

    /// <summary>The fixture for the value, or a generated profile (same value, same profile).</summary>
    public IndicatorProfile ProfileOf(LookupValue value)
    {
        if (_fixtures.TryGetValue((value.Type, value.Key), out var fixture)) return fixture;

        var seed = DeterministicRandom.SeedOf(value.Type + ":" + value.Key);
        var known = KnownAncestorOf(value);
        if (known != null)
        {
            // www.google.com is as clean as google.com, and every URL on a known phishing host is phishing:
            // a portal that judged them at random would teach users nothing.
            return new IndicatorProfile { Value = value, Zone = known.Zone, Categories = known.Categories, Seed = seed };
        }

        var rng = DeterministicRandom.For(seed, "profile");
        string zone;
        if (value.IsReservedIp) zone = "Grey";
        else if (value.Type == LookupType.Hash) zone = rng.Pick(DataPools.FileZones);
        else zone = rng.Pick(DataPools.Zones);

        return new IndicatorProfile
        {
            Value = value,
            Zone = zone,
            Categories = value.IsReservedIp ? [] : value.Type == LookupType.Hash ? FileCategoriesFor(zone) : CategoriesFor(zone, ref rng),
            Seed = seed,
        };
    }

    /// <summary>
    /// The fixture of the nearest parent domain (for a domain) or of the host or its parents (for a URL, only a
    /// dangerous host: a clean site can still serve a bad file); null when none is known.
    /// </summary>
    private IndicatorProfile? KnownAncestorOf(LookupValue value)
    {
        if (value.Host == null || (value.Type != LookupType.Domain && value.Type != LookupType.Url)) return null;
        var host = value.Type == LookupType.Domain ? ParentOf(value.Host) : value.Host;
        for (; host != null; host = ParentOf(host))
        {
            if (!_fixtures.TryGetValue((LookupType.Domain, host), out var parent)) continue;
            if (value.Type == LookupType.Url && parent.Zone is not ("Red" or "Orange")) return null;
            return parent;
        }

        return null;
    }

    /// <summary>The domain one label up, or null at a registrable-looking name (two labels).</summary>
    private static string? ParentOf(string host)
    {
        var dot = host.IndexOf('.');
        var rest = dot < 0 ? null : host.Substring(dot + 1);
        return rest != null && rest.Contains('.') ? rest : null;
    }

    /// <summary>Files are categorized by what they are, not by what a site is about.</summary>
    private static string[] FileCategoriesFor(string zone) => zone switch
    {
        "Red" => ["CATEGORY_MALWARE"],
        "Yellow" => ["CATEGORY_ADWARE"],
        _ => [],
    };

    internal static string[] CategoriesFor(string zone, ref DeterministicRandom rng) => zone switch
    {
        "Red" => [rng.Pick(DataPools.RedCategories)],
        "Orange" => [rng.Pick(DataPools.OrangeCategories)],
        "Yellow" => [rng.Pick(DataPools.YellowCategories)],
        "Green" => rng.Chance(0.8) ? [rng.Pick(DataPools.GreenCategories)] : [],
        _ => [],
    };
}
