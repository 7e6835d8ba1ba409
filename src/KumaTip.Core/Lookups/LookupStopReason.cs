namespace KumaTip.Core.Lookups
{
    /// <summary>Why a batch stopped requesting before its end.</summary>
    public enum LookupStopReason
    {
        None,

        /// <summary>The day quota is spent; the rest stays pending for Restart-TipTask after the reset.</summary>
        QuotaSpent,

        /// <summary>The portal refused the credentials, the terms, the access or the certificate; or no connection could be made from the settings.</summary>
        Refused,

        /// <summary>Ctrl+C, Stop-Job or Stop-TipTask.</summary>
        Cancelled,

        /// <summary>The data directory cannot take more (low space, failing or stuck writes): nothing more is bought.</summary>
        StorageFailed,

        /// <summary>This run's -MaxRequests is reached; the rest stays pending for Restart-TipTask.</summary>
        CapReached,

        /// <summary>
        /// The portal stopped answering (timeouts, refused or dropped connections, 5xx) until the client's circuit breaker
        /// opened: the rest stays pending for Restart-TipTask once it answers again.
        /// </summary>
        Unreachable,
    }
}
