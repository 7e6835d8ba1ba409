namespace KumaTip.Core.Stores
{
    /// <summary>The values of <see cref="TipStore.Status"/>.</summary>
    public static class TipStoreStatus
    {
        public const string Ready = "Ready";
        public const string NotInitialized = "NotInitialized";
        public const string Outdated = "Outdated";
        public const string Newer = "Newer";
        public const string Unavailable = "Unavailable";
        public const string NotChecked = "NotChecked";
    }
}
