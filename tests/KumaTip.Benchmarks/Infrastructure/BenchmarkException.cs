namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>A scenario could not run; the message says what failed (the exact error, for whoever fixes it).</summary>
public sealed class BenchmarkException(string message) : Exception(message);
