using Xunit;

namespace KumaTip.Postgres.Testing;

/// <summary>
/// A fact that needs the throwaway PostgreSQL: skipped with the install message when this machine has no PostgreSQL
/// binaries — except under <c>CI=true</c>, where it runs and fails in the fixture with that message.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> from <see cref="PostgresAvailability.SkipReason"/>.</summary>
    public PostgresFactAttribute()
    {
        if (PostgresAvailability.SkipReason is { } reason) Skip = reason;
    }
}
