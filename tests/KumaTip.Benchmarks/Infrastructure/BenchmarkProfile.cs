namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>How big the runs are: the sizes, reduced (under three minutes), or tiny (a smoke test for CI).</summary>
public enum BenchmarkProfile
{
    Full,
    Quick,
    Smoke,
}
