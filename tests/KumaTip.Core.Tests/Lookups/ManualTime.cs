namespace KumaTip.Core.Tests.Lookups;

/// <summary>A clock the test moves by hand (cache ages without sleeping).</summary>
public sealed class ManualTime : TimeProvider
{
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => Now;
}
