using KumaTip.Postgres.Testing;

namespace KumaTip.Pester.Tests;

/// <summary>
/// What the whole Pester run shares, made once and removed at its end: one throwaway PostgreSQL cluster (each test
/// makes its own database with New-TestPostgresDatabase), and a folder every OS user may read, where
/// Invoke-PwshAsUser keeps its readable copies of pwsh and the module (KUMATIP_TEST_SHARED).
/// </summary>
public sealed class PesterRunResources : IDisposable
{
    private readonly Lazy<PostgresCluster?> _cluster = new(StartCluster, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Lazy<string> _shared = new(CreateSharedFolder, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The cluster, started at first use; null when this machine has no PostgreSQL binaries and CI is not true (the
    /// files then get no KUMATIP_TEST_PG_* and their PostgreSQL tests skip with the install message). Under CI=true
    /// missing binaries throw, failing every file with that message.
    /// </summary>
    public PostgresCluster? Cluster => _cluster.Value;

    /// <summary>A folder readable and traversable by every user (0755), deleted at the end of the run.</summary>
    public string SharedDirectory => _shared.Value;

    /// <summary>The PostgreSQL and shared-folder variables a Pester file gets (the password only ever goes here).</summary>
    public IEnumerable<KeyValuePair<string, string>> Environment()
    {
        yield return new("KUMATIP_TEST_SHARED", SharedDirectory);
        if (Cluster is not { } cluster) yield break;
        yield return new("KUMATIP_TEST_PG_HOST", cluster.Host);
        yield return new("KUMATIP_TEST_PG_PORT", cluster.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new("KUMATIP_TEST_PG_ADMIN_USER", cluster.AdminUser);
        yield return new("KUMATIP_TEST_PG_ADMIN_PASSWORD", cluster.AdminPassword);
        yield return new("KUMATIP_TEST_PG_BIN", cluster.Binaries.BinDirectory);
    }

    private static PostgresCluster? StartCluster() => PostgresAvailability.Current switch
    {
        PostgresVerdict.Run => PostgresCluster.StartNew(),
        PostgresVerdict.Skip => null,
        _ => throw new InvalidOperationException(PostgresAvailability.MessageFor(PostgresVerdict.Fail)),
    };

    private static string CreateSharedFolder()
    {
        var folder = Directory.CreateTempSubdirectory("kumatip-pester-shared-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        return folder;
    }

    public void Dispose()
    {
        if (_cluster.IsValueCreated) _cluster.Value?.Dispose();
        if (_shared.IsValueCreated)
        {
            try { Directory.Delete(_shared.Value, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
