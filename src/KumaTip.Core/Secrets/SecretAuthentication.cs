namespace KumaTip.Core.Secrets
{
    /// <summary>
    /// How a secret signs in to the portal. Strings, not an enum: output objects carry names that export and compare
    /// as text (Where-Object Authentication -eq ApiToken).
    /// </summary>
    public static class SecretAuthentication
    {
        /// <summary>The classic way: HTTP Basic user and password plus the client certificate (PFX) Kaspersky issued.</summary>
        public const string Certificate = "Certificate";

        /// <summary>An API token from the portal, sent as <c>Authorization: Bearer</c>, without a client certificate.</summary>
        public const string ApiToken = "ApiToken";
    }
}
