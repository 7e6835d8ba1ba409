namespace KumaTip.Postgres.Testing;

/// <summary>
/// One <see cref="PostgresCluster"/> for a whole test collection (each test creates its own database with
/// <see cref="PostgresCluster.CreateDatabase"/>, and unique role names). xunit finds collection definitions only in
/// the test assembly, so each test project declares, once:
/// <code>
/// [CollectionDefinition(PostgresClusterFixture.Collection)]
/// public sealed class PostgresCollection : ICollectionFixture&lt;PostgresClusterFixture&gt; { }
/// </code>
/// and marks its classes <c>[Collection(PostgresClusterFixture.Collection)]</c> and their tests <see cref="PostgresFactAttribute"/>.
/// The cluster starts on first use of <see cref="Cluster"/>: xunit builds the fixture even when every test is
/// skipped, and a machine without binaries must then not fail.
/// </summary>
public sealed class PostgresClusterFixture : IDisposable
{
    /// <summary>The collection name to declare and use.</summary>
    public const string Collection = "KumaTip PostgreSQL cluster";

    private readonly Lazy<PostgresCluster> _cluster = new(() => PostgresCluster.StartNew(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The shared cluster, started on first use. Without binaries it throws with the install message (the
    /// test then fails: that only happens under CI=true, elsewhere <see cref="PostgresFactAttribute"/> skipped it).</summary>
    public PostgresCluster Cluster => _cluster.Value;

    /// <summary>A new database with a unique name derived from <paramref name="prefix"/>; its superuser connection string.</summary>
    public string CreateDatabase(string prefix = "test")
        => Cluster.CreateDatabase($"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)]);

    /// <summary>Disposes the cluster when it was started.</summary>
    public void Dispose()
    {
        if (_cluster.IsValueCreated) _cluster.Value.Dispose();
    }
}
