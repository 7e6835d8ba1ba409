
namespace KumaTip.Core.Lookups
{
    /// <summary>What <see cref="SharedQuota.Reserve"/> decided, with what it learned from the shared ledger.</summary>
    internal sealed class SharedReservation
    {
        public SharedReservation(QuotaDecision decision, string? grant, int count, int? learnedQuota, int usedBefore, int? used)
        {
            Decision = decision;
            Grant = grant;
            Count = count;
            LearnedQuota = learnedQuota;
            UsedBefore = usedBefore;
            Used = used;
        }

        public QuotaDecision Decision { get; }

        /// <summary>The grant taken (Go only).</summary>
        public string? Grant { get; }

        /// <summary>Requests' worth granted: this one and the next few.</summary>
        public int Count { get; }

        /// <summary>Today's quota, when this process did not know it and another had seen it.</summary>
        public int? LearnedQuota { get; }

        /// <summary>What was spent before the budget (re)began, when <see cref="LearnedQuota"/> is set.</summary>
        public int UsedBefore { get; }

        /// <summary>Requests counted against the quota across processes, when it said no.</summary>
        public int? Used { get; }
    }
}
