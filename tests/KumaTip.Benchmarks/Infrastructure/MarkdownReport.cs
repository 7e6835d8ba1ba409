using System.Globalization;
using System.Text;

namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>Writes docs/benchmarks.md: the machine, a table of figures against goals, the breakdowns, the command.</summary>
public static class MarkdownReport
{
    public static string Render(BenchmarkOptions options, IReadOnlyList<ScenarioResult> results, DateTimeOffset started, TimeSpan duration)
    {
        var md = new StringBuilder();
        md.AppendLine("# Benchmarks");
        md.AppendLine();
        md.AppendLine("Produced by `tests/KumaTip.Benchmarks` (issue 7): the simulator with injected latency, the module driven");
        md.AppendLine("through the PowerShell 7.6 engine the way a user would, requests counted from the simulator's request log.");
        md.AppendLine();
        md.AppendLine($"- Command: `{options.Command}`");
        md.AppendLine($"- Profile: {options.Profile.ToString().ToLowerInvariant()}" +
                      (options.Profile == BenchmarkProfile.Full ? " (the sizes the issue names)" : " (reduced sizes; run without flags for the issue's sizes)"));
        md.AppendLine($"- Machine: {MachineInfo.Describe()}");
        md.AppendLine($"- Code: commit `{MachineInfo.Commit(RepositoryPaths.Root)}`");
        md.AppendLine("- The simulator runs inside the benchmark process, so CPU and allocation figures of in-process scenarios include its");
        md.AppendLine("  share; the load average shows how much other work shared the machine.");
        md.AppendLine("- Scenarios 7–9 (issue 15's team store) run against a private throwaway PostgreSQL started for the run and removed after");
        md.AppendLine("  it; without PostgreSQL binaries they are skipped with a line saying so (under CI=true that is an error).");
        md.AppendLine($"- Run: {started.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, {duration.TotalSeconds:N0} s in all");
        md.AppendLine();
        md.AppendLine("| # | scenario | size | figure | goal | met |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var figure = r.Error != null ? "did not run: " + r.Error : r.Figure;
            var met = r.Error != null ? "✗" : r.Met switch { true => "✓", false => "✗", null => "–" };
            md.AppendLine($"| {r.Number} | {Cell(r.Name)} | {Cell(r.Size)} | {Cell(figure)} | {Cell(r.Goal)} | {met} |");
        }
        md.AppendLine();
        md.AppendLine("## Breakdown");
        foreach (var r in results)
        {
            md.AppendLine();
            md.AppendLine($"### {r.Number}. {r.Name}");
            md.AppendLine();
            foreach (var line in r.Details) md.AppendLine("- " + line);
            if (r.Error != null) md.AppendLine("- Error: " + r.Error);
        }
        md.AppendLine();
        md.AppendLine("## How to run");
        md.AppendLine();
        md.AppendLine("```bash");
        md.AppendLine("dotnet run -c Release --project tests/KumaTip.Benchmarks             # issue sizes, writes docs/benchmarks.md");
        md.AppendLine("dotnet run -c Release --project tests/KumaTip.Benchmarks -- --quick  # reduced sizes, under three minutes");
        md.AppendLine("dotnet run -c Release --project tests/KumaTip.Benchmarks -- --smoke  # tiny sizes: does every scenario run?");
        md.AppendLine("dotnet run -c Release --project tests/KumaTip.Benchmarks -- --only 2,3 --out /tmp/b.md");
        md.AppendLine("dotnet run -c Release --project tests/KumaTip.Benchmarks -- --only 7,8,9 --out /tmp/team.md  # the team store only");
        md.AppendLine("```");
        return md.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}
