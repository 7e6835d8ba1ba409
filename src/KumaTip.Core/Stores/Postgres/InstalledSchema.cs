namespace KumaTip.Core.Stores.Postgres
{
    /// <summary>The newest row of kumatip.schema_migrations: the schema version a database has and the KumaTip version that installed it.</summary>
    internal sealed class InstalledSchema
    {
        public InstalledSchema(int version, string moduleVersion)
        {
            Version = version;
            ModuleVersion = moduleVersion;
        }

        public int Version { get; }

        public string ModuleVersion { get; }
    }
}
