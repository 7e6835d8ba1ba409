using System;
using System.Collections.Generic;
using KumaTip.Core.Indicators;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Stores
{
    /// <summary>One row per answered request (what was spent, by whom), and a per-tenant sequence of them.</summary>
    public interface ILedgerStore
    {
        /// <summary>Records one answered request (joins the caller's transaction, or makes its own).</summary>
        LedgerEntry Record(string tenant, TipIndicator indicator, int statusCode, DateTimeOffset? at = null);

        /// <summary>A number that grows by one with each request the tenant books: the difference of two is how many were booked between them.</summary>
        long LastSequence(string tenant);

        /// <summary>Requests the tenant spent at or after <paramref name="since"/>.</summary>
        int CountSince(string tenant, DateTimeOffset since);

        /// <summary>Requests the tenant spent strictly after <paramref name="after"/>.</summary>
        int CountAfter(string tenant, DateTimeOffset after);

        /// <summary>Requests the tenant spent today (UTC), by the store's clock.</summary>
        int CountToday(string tenant);

        int CountTotal(string tenant);

        IReadOnlyList<LedgerEntry> List(string tenant, DateTimeOffset? since = null);

        /// <summary>Today's (UTC) requests of the tenant by user@host, most first; empty where the store is one user's own.</summary>
        IReadOnlyList<(string User, int Requests)> SpendToday(string tenant);
    }
}
