using System;
using System.Threading;
using System.Threading.Tasks;

namespace KumaTip.Core.Lookups.Stages
{
    /// <summary>
    /// The store's claims on the indicators a run is about to buy (the team store has them; the LiteDB file has none):
    /// the same indicator asked for by two runs at once is bought once, the other run waiting for that answer.
    /// </summary>
    internal sealed class PurchaseClaims
    {
        private readonly LookupRun _run;

        public PurchaseClaims(LookupRun run)
        {
            _run = run;
        }

        /// <summary>How long a claim holds others off at most: a request gives up within about a minute and its answer is stored within the writer's bound.</summary>
        internal static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

        /// <summary>How often a process waiting for another's answer looks again.</summary>
        internal static TimeSpan ClaimPoll { get; set; } = TimeSpan.FromMilliseconds(250);

        /// <summary>
        /// Takes the store's claim on the entry's indicator before buying it; while another process holds it, waits for
        /// that process's answer (returned) or for the claim to end (then this one buys). Null: buy it. A store that fails
        /// here is left to the writer to report: the request goes as it would without claims.
        /// </summary>
        public async Task<TipLookupResult?> AwaitAsync(Stores.IIndicatorClaims claims, IndicatorEntry entry, CancellationToken token)
        {
            var service = _run.Service;
            var options = _run.Options;
            var told = false;
            while (true)
            {
                bool mine;
                TipLookupResult? hit;
                try
                {
                    mine = service.WithDatabase(() => claims.TryClaim(options.Tenant, entry.Indicator, options.Service, _run.Task?.Id, ClaimLease));
                    // Looked at after the claim: an answer stored (and its claim released) since this entry missed the cache is found here.
                    hit = service.WithDatabase(() => service.Cache.Find(options.Tenant, entry.Indicator, options.Service));
                }
                catch (Storage.TipStorageException)
                {
                    return null;
                }
                if (hit != null && _run.Accepts(hit))
                {
                    if (mine) Release(entry);
                    return hit;
                }
                if (mine) return null;
                if (!told)
                {
                    _run.Say(entry.Indicator.Value + ": another KumaTip process is buying it right now; waiting for its answer instead of buying it twice.");
                    told = true;
                }
                await Task.Delay(ClaimPoll, token).ConfigureAwait(false);
            }
        }

        public void Release(IndicatorEntry entry)
        {
            if (!_run.UsesCache || !(_run.Service.Store.Claims is { } claims)) return;
            try
            {
                _run.Service.WithDatabase(() => claims.Release(_run.Options.Tenant, new[] { entry.Indicator }, _run.Options.Service, _run.Task?.Id));
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                // Its lease ends it: the others wait at most that long.
            }
        }
    }
}
