using KumaTip.Postgres.Testing;

namespace KumaTip.Core.Tests.Postgres;

/// <summary>One throwaway PostgreSQL for every test of this assembly that joins the collection.</summary>
[CollectionDefinition(PostgresClusterFixture.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresClusterFixture>
{
}
