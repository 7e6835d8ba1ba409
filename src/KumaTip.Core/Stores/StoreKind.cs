namespace KumaTip.Core.Stores
{
    /// <summary>Where the cache, tasks, quota ledger and licence snapshot live.</summary>
    public enum StoreKind
    {
        /// <summary>The user's own LiteDB file in the data directory: the default, nothing to set up.</summary>
        LiteDb,

        /// <summary>A PostgreSQL database shared by a team (the team store).</summary>
        PostgreSql,
    }
}
