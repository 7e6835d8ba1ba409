using Xunit;

namespace KumaTip.Postgres.Testing;

/// <summary>What a PostgreSQL test does on this machine.</summary>
public enum PostgresVerdict
{
    /// <summary>Binaries found: start a cluster and run.</summary>
    Run,

    /// <summary>No binaries and not CI: skip, saying how to install them.</summary>
    Skip,

    /// <summary>No binaries under <c>CI=true</c>: a missing part there is a failure, not a skip.</summary>
    Fail,
}

/// <summary>
/// Whether the PostgreSQL tests can run here, and the one rule for when they cannot: skip with the install message,
/// except under <c>CI=true</c>, where it is a failure.
/// </summary>
public static class PostgresAvailability
{
    /// <summary>How to get the binaries; the skip reason and the failure message both say it.</summary>
    public const string InstallMessage =
        "PostgreSQL server binaries (initdb, pg_ctl) were not found, so the PostgreSQL tests cannot start their throwaway " +
        "cluster. Install them with 'apt-get install postgresql' on Debian/Ubuntu (the tests use /usr/lib/postgresql/<version>/bin " +
        "and do not need the package's own cluster), or set " + PostgresBinaries.BinVariable + " to a folder holding initdb and pg_ctl.";

    private static readonly Lazy<PostgresBinaries?> Found = new(PostgresBinaries.Find);

    /// <summary>The binaries of this machine (looked up once per process), or null.</summary>
    public static PostgresBinaries? Binaries => Found.Value;

    /// <summary>True when this machine has initdb and pg_ctl.</summary>
    public static bool IsAvailable => Binaries != null;

    /// <summary>True when the environment says CI (<c>CI=true</c>, any case).</summary>
    public static bool IsCi => IsCiValue(Environment.GetEnvironmentVariable("CI"));

    /// <summary>The rule itself, over given inputs.</summary>
    public static PostgresVerdict Decide(bool binariesFound, string? ciVariable)
        => binariesFound ? PostgresVerdict.Run : IsCiValue(ciVariable) ? PostgresVerdict.Fail : PostgresVerdict.Skip;

    /// <summary>The verdict for this machine and environment.</summary>
    public static PostgresVerdict Current => Decide(IsAvailable, Environment.GetEnvironmentVariable("CI"));

    /// <summary>The message for a skip or a failure of <paramref name="verdict"/>; null for <see cref="PostgresVerdict.Run"/>.</summary>
    public static string? MessageFor(PostgresVerdict verdict) => verdict switch
    {
        PostgresVerdict.Run => null,
        PostgresVerdict.Skip => InstallMessage,
        _ => "CI=true, where a skipped PostgreSQL test is a failure: " + InstallMessage,
    };

    /// <summary>The skip reason for this machine (for <see cref="Xunit.FactAttribute.Skip"/>), or null to run.</summary>
    public static string? SkipReason => Current == PostgresVerdict.Skip ? InstallMessage : null;

    /// <summary>Throws with the message when the tests cannot run (skip or failure); the fixtures call it.</summary>
    public static PostgresBinaries Require()
        => Binaries ?? throw new InvalidOperationException(MessageFor(Current));

    private static bool IsCiValue(string? value) => string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
