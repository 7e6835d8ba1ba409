namespace KumaTip.Core.Tests;

/// <summary>A clock tests set by hand, so days and ages are exact without sleeping.</summary>
public sealed class ManualTime : TimeProvider
{
    public ManualTime(DateTimeOffset now) => Now = now;

    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;
}
