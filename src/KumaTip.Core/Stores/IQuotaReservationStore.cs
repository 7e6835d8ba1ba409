using System;
using KumaTip.Core.Lookups;

namespace KumaTip.Core.Stores
{
    /// <summary>
    /// Quota taken by requests on the wire, shared by every process on the store. Every method joins the caller's
    /// transaction, and the first call in one serialises it against every other process's (the file's lock; an advisory
    /// lock per tenant on PostgreSQL), so reading what is taken and taking more is one atomic step.
    /// </summary>
    public interface IQuotaReservationStore
    {
        /// <summary>Takes <paramref name="count"/> requests' worth for <paramref name="owner"/>; returns the grant's id.</summary>
        string Take(string tenant, TaskOwner owner, DateTime nowUtc, int count = 1, TimeSpan? lease = null);

        /// <summary>Requests' worth the tenant's processes hold now.</summary>
        int CountHeld(string tenant);

        /// <summary>Gives back <paramref name="count"/> of a grant; false when it is gone (its lease ended).</summary>
        bool GiveBack(string tenant, string grant, int count = 1);

        /// <summary>Removes grants past their lease or of processes of this machine that are gone; returns the requests' worth reclaimed.</summary>
        int Reclaim(string tenant, DateTime nowUtc);
    }
}
