using System.Diagnostics;
using KumaTip.Core.Api;
using KumaTip.Core.Indicators;
using KumaTip.Core.Lookups;
using KumaTip.Core.Stores;

namespace KumaTip.Benchmarks.Infrastructure;

/// <summary>
/// A lookup store that counts its cache's batch reads (calls, keys asked for, time inside them) and passes everything
/// on: the breakdown of a cache pass — how many round trips the cache stage made and how big they were.
/// </summary>
public sealed class CountingStore(ILookupStore inner) : ILookupStore
{
    private readonly CountingCache _cache = new(inner.Cache);

    public long FindManyCalls => Interlocked.Read(ref _cache.Calls);

    public long FindManyKeys => Interlocked.Read(ref _cache.Keys);

    public TimeSpan FindManyTime => TimeSpan.FromTicks(Interlocked.Read(ref _cache.Ticks));

    public void Reset()
    {
        Interlocked.Exchange(ref _cache.Calls, 0);
        Interlocked.Exchange(ref _cache.Keys, 0);
        Interlocked.Exchange(ref _cache.Ticks, 0);
    }

    public string Describe(int indicators)
    {
        var calls = FindManyCalls;
        return calls == 0
            ? "no batch cache reads"
            : $"{calls:N0} batch cache reads (FindMany) of {FindManyKeys / (double)calls:N0} keys on average, {FindManyTime.TotalMilliseconds:N0} ms inside them " +
              $"({FindManyTime.TotalMicroseconds / Math.Max(1, indicators):0.0} µs per indicator)";
    }

    public string Location => inner.Location;
    public string Identity => inner.Identity;
    public string? LocalDirectory => inner.LocalDirectory;
    public bool IsShared => inner.IsShared;
    public IResultCache Cache => _cache;
    public ITaskStore Tasks => inner.Tasks;
    public ILedgerStore Ledger => inner.Ledger;
    public ILicenseStore Licenses => inner.Licenses;
    public IQuotaReservationStore Reservations => inner.Reservations;
    public IIndicatorClaims? Claims => inner.Claims;
    public T InTransaction<T>(Func<T> work) => inner.InTransaction(work);
    public void ReadInTransaction(Action work) => inner.ReadInTransaction(work);
    public bool IsInTransaction => inner.IsInTransaction;
    public object SyncRoot => inner.SyncRoot;
    public int Recoveries => inner.Recoveries;
    public void Dispose() => inner.Dispose();

    private sealed class CountingCache(IResultCache inner) : IResultCache
    {
        public long Calls;
        public long Keys;
        public long Ticks;

        public Dictionary<string, TipLookupResult> FindMany(string tenant, IEnumerable<TipIndicator> indicators, PortalService service = PortalService.Tip)
        {
            var list = indicators as IReadOnlyCollection<TipIndicator> ?? indicators.ToList();
            var watch = Stopwatch.StartNew();
            var found = inner.FindMany(tenant, list, service);
            Interlocked.Add(ref Ticks, watch.Elapsed.Ticks);
            Interlocked.Increment(ref Calls);
            Interlocked.Add(ref Keys, list.Count);
            return found;
        }

        public TipLookupResult? Find(string tenant, TipIndicator indicator, PortalService service = PortalService.Tip) => inner.Find(tenant, indicator, service);
        public void Put(TipLookupResult result) => inner.Put(result);
        public TipLookupResult WithoutBody(TipLookupResult stored) => inner.WithoutBody(stored);
        public IEnumerable<TipLookupResult> Query(string tenant, Func<TipLookupResult, bool>? filter = null) => inner.Query(tenant, filter);
        public int Remove(string tenant, Func<TipLookupResult, bool> filter) => inner.Remove(tenant, filter);
    }
}
