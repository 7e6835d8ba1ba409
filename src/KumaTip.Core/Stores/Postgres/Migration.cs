namespace KumaTip.Core.Stores.Postgres
{
    /// <summary>One versioned schema change: Migrations/NNNN_name.sql, embedded in the assembly.</summary>
    internal sealed class Migration
    {
        public Migration(int version, string name, string sql)
        {
            Version = version;
            Name = name;
            Sql = sql;
        }

        public int Version { get; }

        /// <summary>The file name, e.g. 0001_team_store.sql.</summary>
        public string Name { get; }

        public string Sql { get; }
    }
}
