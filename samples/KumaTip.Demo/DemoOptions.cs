namespace KumaTip.Demo;

/// <summary>What the demo runs on and where it writes; everything defaults to the repository's samples and out/demo.</summary>
public sealed class DemoOptions
{
    /// <summary>The repository; null = found from the binary's folder.</summary>
    public RepositoryLayout? Layout { get; init; }

    /// <summary>Where report.html and enriched.csv go; null = out/demo in the repository.</summary>
    public string? OutDir { get; init; }

    /// <summary>The indicators to enrich; null = samples/iocs.csv.</summary>
    public string? CsvPath { get; init; }

    /// <summary>Simulated portal latency per request.</summary>
    public TimeSpan Latency { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Parses <c>--out DIR</c>, <c>--csv PATH</c>, <c>--latency MS</c>; null (after a message) when the arguments are wrong.</summary>
    public static DemoOptions? Parse(IReadOnlyList<string> args, TextWriter errors)
    {
        string? outDir = null, csv = null;
        var latency = TimeSpan.FromMilliseconds(100);
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--out" when value != null: outDir = Path.GetFullPath(value); i++; break;
                case "--csv" when value != null: csv = Path.GetFullPath(value); i++; break;
                case "--latency" when int.TryParse(value, out var ms) && ms >= 0: latency = TimeSpan.FromMilliseconds(ms); i++; break;
                default:
                    errors.WriteLine($"Unknown or incomplete argument '{args[i]}'. Usage: dotnet run --project samples/KumaTip.Demo [-- --out DIR] [--csv PATH] [--latency MS]");
                    return null;
            }
        }
        return new DemoOptions { OutDir = outDir, CsvPath = csv, Latency = latency };
    }
}
