namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>Every size the scenarios use, per profile. Full sizes are the ones issue 7 names.</summary>
public sealed record BenchmarkSizes(
    int QuotaRows,
    int BulkUnique,
    int NaiveSample,
    int CacheIndicators,
    int ImportRuns,
    int MemoryRows,
    int MemoryUnique,
    int MemoryRuns,
    int QuotaBoundaryRepetitions,
    int TeamCacheIndicators,
    int TeamOverlapRows,
    double TeamQuotaSeconds,
    int TeamQuotaDayQuota,
    int TeamQuotaBatch)
{
    public static readonly TimeSpan BulkLatency = TimeSpan.FromMilliseconds(100);
    public const int BulkThrottleLimit = 16;

    public static BenchmarkSizes For(BenchmarkProfile profile) => profile switch
    {
        BenchmarkProfile.Full => new(QuotaRows: 10_000, BulkUnique: 2_000, NaiveSample: 200, CacheIndicators: 100_000, ImportRuns: 5, MemoryRows: 1_000_000, MemoryUnique: 1_000, MemoryRuns: 3, QuotaBoundaryRepetitions: 20,
            TeamCacheIndicators: 100_000, TeamOverlapRows: 2_000, TeamQuotaSeconds: 60, TeamQuotaDayQuota: 400, TeamQuotaBatch: 25),
        BenchmarkProfile.Quick => new(QuotaRows: 2_000, BulkUnique: 400, NaiveSample: 40, CacheIndicators: 20_000, ImportRuns: 5, MemoryRows: 100_000, MemoryUnique: 500, MemoryRuns: 3, QuotaBoundaryRepetitions: 5,
            TeamCacheIndicators: 20_000, TeamOverlapRows: 500, TeamQuotaSeconds: 15, TeamQuotaDayQuota: 150, TeamQuotaBatch: 25),
        _ => new(QuotaRows: 200, BulkUnique: 64, NaiveSample: 8, CacheIndicators: 1_000, ImportRuns: 3, MemoryRows: 5_000, MemoryUnique: 50, MemoryRuns: 1, QuotaBoundaryRepetitions: 1,
            TeamCacheIndicators: 1_000, TeamOverlapRows: 20, TeamQuotaSeconds: 2, TeamQuotaDayQuota: 30, TeamQuotaBatch: 10),
    };
}
