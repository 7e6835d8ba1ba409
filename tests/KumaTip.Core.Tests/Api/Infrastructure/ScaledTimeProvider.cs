namespace KumaTip.Core.Tests.Api.Infrastructure;

/// <summary>
/// Real clock, but every timer (Polly's back-off delays and attempt timeouts) runs <see cref="Factor"/> times faster,
/// so a Retry-After of seconds costs milliseconds. Tests assert on the delays the client chose, never on elapsed time.
/// </summary>
public sealed class ScaledTimeProvider(int factor) : TimeProvider
{
    public int Factor { get; } = factor;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    private TimeSpan Scale(TimeSpan span) => span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : span / Factor;
}
