namespace KumaTip.PowerShell.Tests.Infrastructure;

/// <summary>
/// Every engine test class joins this collection: KUMATIP_HOME is process-wide, so engine tests run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PowerShellCollection
{
    public const string Name = "PowerShell engine";
}
