namespace KumaTip.Core.Lookups
{
    /// <summary>What <see cref="QuotaBudget.TryReserve"/> allows for the next request.</summary>
    internal enum QuotaDecision
    {
        /// <summary>Send it: the budget is taken.</summary>
        Go,

        /// <summary>Requests on the wire will tell (the quota is unknown, or they may leave room when they fail): wait for an answer.</summary>
        Wait,

        /// <summary>The day quota as last seen allows no more.</summary>
        QuotaSpent,

        /// <summary>This run's -MaxRequests is reached.</summary>
        CapReached,
    }
}
