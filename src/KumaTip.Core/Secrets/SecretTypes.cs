namespace KumaTip.Core.Secrets
{
    /// <summary>Secret types KUMA knows; KumaTip stores Threat Lookup ones.</summary>
    public static class SecretTypes
    {
        /// <summary>Kaspersky Threat Lookup: user, password, client certificate (PFX) and its password.</summary>
        public const string Ktl = "ktl";
    }
}
