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
    }
}
