namespace KumaTip.Core.Connection
{
    /// <summary>Why a tenant's connection cannot be used, before any request is made.</summary>
    public enum ConnectionUnavailableReason
    {
        /// <summary>The connection is switched off (Set-TipSettings -Disabled).</summary>
        Disabled,

        /// <summary>No secret is set for the connection.</summary>
        NoSecret,

        /// <summary>The secret the connection names does not exist (any more).</summary>
        SecretMissing,

        /// <summary>The secret exists but cannot be decrypted (lost key, tampering).</summary>
        SecretUnreadable,

        /// <summary>The secret signs in a way the chosen service does not take (OpenTIP needs an API token).</summary>
        SecretNotForService,
    }
}
