using KumaTip.Benchmarks.Infrastructure;

namespace KumaTip.Benchmarks.Scenarios;

/// <summary>One of issue 7's five measurements.</summary>
public interface IScenario
{
    int Number { get; }

    string Name { get; }

    Task RunAsync(BenchmarkContext context, ScenarioResult result, CancellationToken cancellationToken);
}
