using System;
using System.Collections.Generic;
using KumaTip.Core.Api;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Stores
{
    /// <summary>
    /// Indicators being bought right now, across every process on the store: the second process to want one waits for
    /// the first one's answer instead of buying it again. A claim has a lease, so a claimant that crashed blocks nobody
    /// for long; a claimant of this machine that is gone loses its claim at once.
    /// </summary>
    public interface IIndicatorClaims
    {
        /// <summary>
        /// True when this run (this process and task) now holds the claim (new, its own, expired or of a dead process);
        /// false while another holds it — another process, or another run of this one (two background jobs).
        /// </summary>
        bool TryClaim(string tenant, TipIndicator indicator, PortalService service, int? taskId, TimeSpan lease);

        /// <summary>Drops this process's claims on <paramref name="indicators"/> (joins the caller's transaction: the answer's store releases it).</summary>
        void Release(string tenant, IEnumerable<TipIndicator> indicators, PortalService service, int? taskId);
    }
}
