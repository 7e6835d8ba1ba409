namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>Command line: <c>[--quick] [--smoke] [--out PATH] [--only 1,3]</c>; <c>--child ...</c> is internal.</summary>
public sealed class BenchmarkOptions
{
    public BenchmarkProfile Profile { get; private init; } = BenchmarkProfile.Full;

    /// <summary>The markdown file written; null = docs/benchmarks.md for a full run, out/benchmarks-&lt;profile&gt;.md otherwise.</summary>
    public string? OutPath { get; private init; }

    /// <summary>Scenario numbers to run; empty = all.</summary>
    public IReadOnlySet<int> Only { get; private init; } = new HashSet<int>();

    /// <summary>The exact arguments, for the "command that produced it" line.</summary>
    public IReadOnlyList<string> Arguments { get; private init; } = Array.Empty<string>();

    /// <summary>The highest scenario number (7–9: the team store, issue 15).</summary>
    public const int LastScenario = 9;

    public const string Usage =
        "Usage: dotnet run -c Release --project tests/KumaTip.Benchmarks -- [--quick | --smoke] [--out PATH] [--only 1,3]";

    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var profile = BenchmarkProfile.Full;
        string? outPath = null;
        var only = new HashSet<int>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick": profile = BenchmarkProfile.Quick; break;
                case "--smoke": profile = BenchmarkProfile.Smoke; break;
                case "--out" when i + 1 < args.Count: outPath = Path.GetFullPath(args[++i]); break;
                case "--only" when i + 1 < args.Count:
                    foreach (var part in args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!int.TryParse(part, out var n) || n < 1 || n > LastScenario)
                            throw new ArgumentException($"--only takes scenario numbers 1 to {LastScenario} separated by commas; '{part}' is not one. {Usage}");
                        only.Add(n);
                    }
                    break;
                default:
                    throw new ArgumentException($"Unknown or incomplete argument '{args[i]}'. {Usage}");
            }
        }
        return new BenchmarkOptions { Profile = profile, OutPath = outPath, Only = only, Arguments = args.ToArray() };
    }

    public bool Runs(int scenario) => Only.Count == 0 || Only.Contains(scenario);

    public string Command =>
        "dotnet run -c Release --project tests/KumaTip.Benchmarks" + (Arguments.Count > 0 ? " -- " + string.Join(' ', Arguments) : "");
}
