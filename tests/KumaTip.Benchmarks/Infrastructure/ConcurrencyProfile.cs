using KumaTip.Simulator;

namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>
/// How the measured wall time was spent, rebuilt from the request log (each line is stamped when the answer
/// left, so a request was in flight during the latency before it): time before the first request, time with the
/// limit fully used, time with few or no requests in flight, time after the last answer.
/// </summary>
public static class ConcurrencyProfile
{
    public static string Describe(IReadOnlyList<SimulatorRequestLogEntry> requests, TimeSpan latency, DateTimeOffset start, DateTimeOffset end, int limit)
    {
        if (requests.Count == 0) return "No requests in the log.";
        var intervals = requests.Select(r => (Start: r.Time - latency, End: r.Time)).OrderBy(i => i.Start).ToArray();
        var step = TimeSpan.FromMilliseconds(2);
        long samples = 0, full = 0, low = 0, idle = 0;
        // A dip: in-flight falls under half the limit after the first request; the requests started between dips
        // show whether the pipeline stalls at fixed batch boundaries.
        var dipStarts = new List<int>();
        var inDip = false;
        for (var t = start; t < end; t += step)
        {
            var inFlight = intervals.Count(i => i.Start <= t && t < i.End);
            samples++;
            if (inFlight >= limit) full++;
            else if (inFlight == 0) idle++;
            else if (inFlight < limit / 2) low++;
            var started = intervals.Count(i => i.Start <= t);
            var dipping = inFlight < limit / 2 && started > 0 && started < intervals.Length;
            if (dipping && !inDip) dipStarts.Add(started);
            inDip = dipping;
        }
        var firstStart = intervals[0].Start - start;
        var tail = end - intervals.Max(i => i.End);
        return $"Timeline from the request log: first request {firstStart.TotalMilliseconds:N0} ms after the cmdlet started, last answer {tail.TotalMilliseconds:N0} ms before it returned; " +
               $"of the wall time {Percent(full, samples)} had all {limit} requests in flight, {Percent(low, samples)} fewer than {limit / 2}, {Percent(idle, samples)} none; " +
               DescribeDips(dipStarts);
    }

    private static string DescribeDips(List<int> dipStarts)
    {
        if (dipStarts.Count == 0) return "no dip below half the limit between the first and the last request.";
        var spacing = dipStarts.Zip(dipStarts.Skip(1), (a, b) => b - a).ToArray();
        return $"{dipStarts.Count} dips below half the limit mid-run, after request " + string.Join(", ", dipStarts.Take(12)) + (dipStarts.Count > 12 ? ", …" : "") +
               (spacing.Length > 0 ? $" (every {spacing.Average():0} requests on average)." : ".");
    }

    private static string Percent(long part, long whole) => whole == 0 ? "0 %" : $"{100.0 * part / whole:0} %";
}
