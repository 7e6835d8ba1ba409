using System.Collections.Concurrent;

namespace KumaTip.Simulator.Logging;

/// <summary>
/// Requests per account per UTC day. Seeded from the request log at start, so a restart does not give
/// the quota back — as on the real portal.
/// </summary>
internal sealed class QuotaCounter
{
    private readonly ConcurrentDictionary<(string Account, DateOnly Day), int> _counts = new();

    /// <summary>Which answers spend quota: the portal looked the value up (found or not).</summary>
    public static bool Spends(int status) => status is 200 or 404;

    public void Seed(IEnumerable<SimulatorRequestLogEntry> entries)
    {
        foreach (var e in entries)
        {
            if (Spends(e.Status)) _counts.AddOrUpdate((e.Account, Day(e.Time)), 1, (_, n) => n + 1);
        }
    }

    public int Get(string account, DateTimeOffset now) => _counts.TryGetValue((account, Day(now)), out var n) ? n : 0;

    /// <summary>Counts one request if the account is still under <paramref name="quota"/>; returns the new count, or null when spent.</summary>
    public int? TrySpend(string account, DateTimeOffset now, int quota)
    {
        var key = (account, Day(now));
        while (true)
        {
            var current = _counts.GetOrAdd(key, 0);
            if (current >= quota) return null;
            if (_counts.TryUpdate(key, current + 1, current)) return current + 1;
        }
    }

    private static DateOnly Day(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);
}
