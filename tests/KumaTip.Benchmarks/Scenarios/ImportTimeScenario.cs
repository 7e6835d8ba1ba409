using KumaTip.Benchmarks.Children;
using KumaTip.Benchmarks.Infrastructure;

namespace KumaTip.Benchmarks.Scenarios;

/// <summary>(4) Import-Module of the staged module in a fresh process, median of five.</summary>
public sealed class ImportTimeScenario : IScenario
{
    public int Number => 4;

    public string Name => "Import time";

    public async Task RunAsync(BenchmarkContext context, ScenarioResult result, CancellationToken cancellationToken)
    {
        var runs = context.Sizes.ImportRuns;
        result.Size = $"Import-Module out/KumaTip in a fresh process, median of {runs}";
        result.Goal = "≤ 300 ms";

        var imports = new List<double>();
        var opens = new List<double>();
        string? loaded = null;
        for (var i = 0; i < runs; i++)
        {
            var child = await ChildProcessRunner.RunAsync(
                new[] { ImportTimeChild.Name, RepositoryPaths.StagedModule },
                new Dictionary<string, string> { [EngineSession.HomeVariable] = context.NewHome("import") },
                TimeSpan.FromMinutes(2));
            imports.Add(child["importMs"]);
            opens.Add(child["runspaceMs"]);
            loaded = child.Line("loaded:");
        }
        var median = Statistics.Median(imports);
        result.Figure = $"{median:N0} ms";
        result.Met = median <= 300;
        result.Details.Add($"Import-Module per run: {string.Join(", ", imports.Select(v => v.ToString("N0") + " ms"))}.");
        result.Details.Add($"Before it, in the same child: engine start (InitialSessionState.CreateDefault2 + Runspace.Open) {Statistics.Median(opens):N0} ms median, " +
                           "then Import-Module of an empty in-memory module so the cmdlet itself is warm, as in an interactive pwsh; only the KumaTip import is timed.");
        if (loaded != null) result.Details.Add($"Assemblies loaded during the last import (name@ms since its start): {loaded}.");
    }
}
