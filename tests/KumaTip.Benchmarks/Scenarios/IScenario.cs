using KumaTip.Benchmarks.Infrastructure;

namespace KumaTip.Benchmarks.Scenarios;

/// <summary>One of the measurements: issue 7's five, and issue 14's quota boundary.</summary>
public interface IScenario
{
    int Number { get; }

    string Name { get; }

    Task RunAsync(BenchmarkContext context, ScenarioResult result, CancellationToken cancellationToken);
}
