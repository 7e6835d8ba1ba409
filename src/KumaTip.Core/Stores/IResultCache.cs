using System;
using System.Collections.Generic;
using KumaTip.Core.Api;
using KumaTip.Core.Indicators;
using KumaTip.Core.Lookups;

namespace KumaTip.Core.Stores
{
    /// <summary>Cached answers, one per tenant + service + type + value. Only real answers are stored, never an error.</summary>
    public interface IResultCache
    {
        /// <summary>The cached answers for <paramref name="indicators"/> that exist (fresh or not), keyed by <see cref="CacheKey.For(string, TipIndicator, PortalService)"/>; one read for the batch.</summary>
        Dictionary<string, TipLookupResult> FindMany(string tenant, IEnumerable<TipIndicator> indicators, PortalService service = PortalService.Tip);

        TipLookupResult? Find(string tenant, TipIndicator indicator, PortalService service = PortalService.Tip);

        /// <summary>Stores (replaces) an answer, inside the caller's transaction.</summary>
        void Put(TipLookupResult result);

        /// <summary>The same answer whose body (Raw) loads from the store on first use, while the store still holds this answer.</summary>
        TipLookupResult WithoutBody(TipLookupResult stored);

        /// <summary>Cached answers of a tenant, streamed in pages, bodies not loaded.</summary>
        IEnumerable<TipLookupResult> Query(string tenant, Func<TipLookupResult, bool>? filter = null);

        /// <summary>Drops cached answers of a tenant that <paramref name="filter"/> selects; returns how many.</summary>
        int Remove(string tenant, Func<TipLookupResult, bool> filter);
    }
}
