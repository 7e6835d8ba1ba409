using System.Text.Json;

namespace KumaTip.Benchmarks.Children;

/// <summary>A child's figures: one JSON object on the last line of its output.</summary>
public static class ChildResult
{
    public static void Print(IDictionary<string, double> figures) => Console.Out.WriteLine(JsonSerializer.Serialize(figures));
}
