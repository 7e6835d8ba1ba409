namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>A child's figures (its last JSON line) and everything it printed.</summary>
public sealed record ChildOutput(IReadOnlyDictionary<string, double> Figures, string Output)
{
    public double this[string name] => Figures.TryGetValue(name, out var value)
        ? value
        : throw new BenchmarkException($"The child process reported no '{name}'. Output: {Output}");

    /// <summary>The text after <paramref name="prefix"/> on the first line that starts with it, or null.</summary>
    public string? Line(string prefix) =>
        Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..].Trim();
}
