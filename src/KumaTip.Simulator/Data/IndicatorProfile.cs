using System.Text.Json;
using KumaTip.Simulator.Lookups;

namespace KumaTip.Simulator.Data;

/// <summary>
/// What the simulated portal "knows" of one indicator: its zone and categories, the seed of everything generated,
/// and — for fixtures — sections given verbatim and list lengths to use.
/// </summary>
internal sealed class IndicatorProfile
{
    public required LookupValue Value { get; init; }

    public required string Zone { get; init; }

    public required IReadOnlyList<string> Categories { get; init; }

    public required ulong Seed { get; init; }

    /// <summary>Sections written exactly as in the fixture file (lists are still cut by <c>count</c>).</summary>
    public IReadOnlyDictionary<string, JsonElement> FixedSections { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>Lengths of generated lists that the fixture pins down.</summary>
    public IReadOnlyDictionary<string, int> ListSizes { get; init; } = new Dictionary<string, int>();
}
