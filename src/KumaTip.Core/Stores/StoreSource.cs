namespace KumaTip.Core.Stores
{
    /// <summary>Where the store choice came from.</summary>
    public enum StoreSource
    {
        /// <summary>Nothing was chosen: the local LiteDB file.</summary>
        Default,

        /// <summary>Saved with Set-TipStore in the user's data directory.</summary>
        Saved,

        /// <summary>The KUMATIP_STORE environment variable, which overrides a saved choice.</summary>
        Environment,

        /// <summary>Given to the command itself (Initialize-TipStore -ConnectionString), for that command only.</summary>
        Parameter,
    }
}
