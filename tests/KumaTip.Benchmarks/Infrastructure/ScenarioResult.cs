namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>One row of the results table plus the breakdown that explains it.</summary>
public sealed class ScenarioResult(int number, string name)
{
    public int Number { get; } = number;

    public string Name { get; } = name;

    /// <summary>What was run, e.g. "10,000 rows, 5,000 unique, 1,000 cached".</summary>
    public string Size { get; set; } = "";

    /// <summary>The measured figure, with its unit.</summary>
    public string Figure { get; set; } = "";

    public string Goal { get; set; } = "";

    /// <summary>Null when the scenario has no goal or failed to run.</summary>
    public bool? Met { get; set; }

    /// <summary>Breakdown lines: timings, GC counts, request counts, extrapolations.</summary>
    public List<string> Details { get; } = new();

    /// <summary>Set when the scenario could not run; the table shows it instead of a figure.</summary>
    public string? Error { get; set; }
}
