using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using KumaTip.Core.Api;
using KumaTip.Core.Indicators;
using KumaTip.Core.Storage;
using LiteDB;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// Cached answers: a small summary document per tenant+type+value in <see cref="TipDatabase.Results"/> and the
    /// body (Raw) under the same key in <see cref="TipDatabase.ResultBodies"/>, read only when someone asks for it.
    /// Only real answers (found or not found) are stored, never an error. Callers hold no transaction across a
    /// network call; batch reads run in one short transaction so thousands of rows cost one open of the file.
    /// </summary>
    public sealed class ResultCache : Stores.IResultCache
    {
        private const int PageSize = 1000;

        private readonly TipDatabase _database;

        private readonly RecentAnswers? _recent;

        public ResultCache(TipDatabase database)
            : this(database, RecentAnswers.For(database.Path))
        {
        }

        /// <summary>With a memory of its own (tests: another process's), or none.</summary>
        internal ResultCache(TipDatabase database, RecentAnswers? recent)
        {
            _database = database;
            _recent = recent;
        }

        private ILiteCollection<BsonDocument> Summaries => _database.Db.GetCollection(TipDatabase.Results);

        private ILiteCollection<BsonDocument> Bodies => _database.Db.GetCollection(TipDatabase.ResultBodies);

        /// <summary>True when <paramref name="cached"/> holds every requested section, at least the requested records, and is young enough.</summary>
        public static bool Satisfies(TipLookupResult cached, IReadOnlyCollection<string> sections, int? maxRecords, TimeSpan? maxAge, DateTimeOffset nowUtc)
        {
            if (maxAge.HasValue && nowUtc - cached.ReceivedAt > maxAge.Value) return false;
            // 0 records stored = count omitted = the portal's maximum.
            if (cached.MaxRecords != 0 && (!maxRecords.HasValue || maxRecords.Value > cached.MaxRecords)) return false;
            // An empty list means the type's full set was fetched, which holds anything.
            if (cached.Sections.Count == 0) return true;
            if (sections.Count == 0) return false;
            foreach (var section in sections)
            {
                if (!cached.Sections.Contains(section)) return false;
            }
            return true;
        }

        /// <summary>The cached answers for <paramref name="indicators"/> that exist (fresh or not), by cache key, in one transaction.</summary>
        public Dictionary<string, TipLookupResult> FindMany(string tenant, IEnumerable<TipIndicator> indicators, PortalService service = PortalService.Tip)
        {
            var keys = new List<string>();
            foreach (var indicator in indicators) keys.Add(CacheKey.For(tenant, indicator, service));
            // In index order, each seek walks the pages and nodes the previous one just read: about a third less time.
            keys.Sort(StringComparer.OrdinalIgnoreCase);
            var summaries = new Dictionary<string, CachedSummary>(StringComparer.Ordinal);
            // One transaction (one open of the shared file) for the whole batch; the token and the reads see one state.
            _database.ReadInTransaction(() => ReadSummaries(keys, summaries));
            var found = new Dictionary<string, TipLookupResult>(summaries.Count, StringComparer.Ordinal);
            foreach (var pair in summaries) found[pair.Key] = ToResult(pair.Value);
            return found;
        }

        /// <summary>The summaries of <paramref name="keys"/>: from this process's memory while the file's token says it is current, else from the file.</summary>
        private void ReadSummaries(List<string> keys, Dictionary<string, CachedSummary> found)
        {
            var recent = _recent != null && _recent.Trust(ReadToken()) ? _recent : null;
            var toRead = recent == null ? keys : recent.Lookup(keys, found);
            if (toRead.Count == 0) return;
            Func<string, BsonDocument, CachedSummary> summarize = recent == null ? (_, doc) => CachedSummary.FromDocument(doc) : recent.Remember;
            var summaries = Summaries;
            ReadRange(summaries, toRead, found, summarize);
            foreach (var key in toRead)
            {
                if (found.ContainsKey(key)) continue;
                var doc = summaries.FindById(key);
                if (doc != null) found[key] = summarize(key, doc);
            }
        }

        /// <summary>The results token: a new one is written with every change of the cached results (<see cref="RecentAnswers"/>).</summary>
        private string? ReadToken()
        {
            var doc = _database.Db.GetCollection(TipDatabase.Counters).FindById(ResultsTokenId);
            return doc != null && doc.TryGetValue("Token", out var token) && token.IsString ? token.AsString : null;
        }

        /// <summary>
        /// Marks a change of the cached results, in the caller's write transaction: another token for every reader's
        /// memory, this process's first of all (it may hold what is being replaced or removed).
        /// </summary>
        private void MarkChanged()
        {
            // Once per transaction: nothing reads the file between (the transaction holds it), and a group of answers
            // would otherwise write the token once per answer.
            if (_markedIn.Value == _database.TransactionSerial) return;
            _markedIn.Value = _database.TransactionSerial;
            var token = Guid.NewGuid().ToString("N");
            _database.Db.GetCollection(TipDatabase.Counters).Upsert(new BsonDocument { ["_id"] = ResultsTokenId, ["Token"] = token });
            _recent?.Changed(token);
        }

        private readonly System.Threading.ThreadLocal<long> _markedIn = new System.Threading.ThreadLocal<long>(() => -1);

        /// <summary>The counters document that holds the results token.</summary>
        internal const string ResultsTokenId = "results-token";

        /// <summary>Below this many keys a batch is read by seeks alone: a range read would not pay for its own query.</summary>
        private const int MinRangeKeys = 16;

        /// <summary>How many unasked-for summaries a range read may pass before the batch looks sparse (see <see cref="ReadRange"/>).</summary>
        private const int RangeAllowance = 32;

        /// <summary>
        /// Reads the summaries of a dense batch in one pass over the id index, between the batch's least and greatest key
        /// in the index's own order: a seek per key costs ~20–30 µs and ~40 KB in LiteDB 5.0.20 (a walk down the skip
        /// list, each node read as a new object), while the next summary in a range costs a few µs. It stops as soon as
        /// it has passed more than twice as many summaries nobody asked for as it found (plus a small allowance): then
        /// the batch is sparse in the cache (a batch of 2,000 among 100,000 answers) and seeks are cheaper.
        /// Only a summary whose id is the very key asked for (ordinal) is taken here; a key not matched so (a miss, or
        /// a key that differs only in case from the stored id, which LiteDB's case-insensitive ids treat as the same)
        /// is left to the caller's FindById, so what a batch returns never depends on this read's order or reach.
        /// Returns how many keys it matched (for tests). Call inside a read transaction.
        /// </summary>
        internal int ReadRange(ILiteCollection<BsonDocument> summaries, List<string> keys, Dictionary<string, CachedSummary> found, Func<string, BsonDocument, CachedSummary> summarize)
        {
            if (keys.Count < MinRangeKeys) return 0;
            // The index orders ids by the file's collation (culture and ignore-case, fixed when the file was made).
            var collation = _database.Db.Collation;
            var low = keys[0];
            var high = keys[0];
            var wanted = new HashSet<string>(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                if (!wanted.Add(key)) continue;
                if (collation.Compare(key, low) < 0) low = key;
                else if (collation.Compare(key, high) > 0) high = key;
            }
            var matched = 0;
            var passed = 0;
            foreach (var doc in summaries.Find(BsonExpression.Create("_id BETWEEN @0 AND @1", low, high)))
            {
                var id = doc["_id"];
                if (id.IsString && wanted.Contains(id.AsString))
                {
                    found[id.AsString] = summarize(id.AsString, doc);
                    if (++matched == wanted.Count) break;
                }
                else if (++passed > 2 * matched + RangeAllowance)
                {
                    break;
                }
            }
            return matched;
        }

        public TipLookupResult? Find(string tenant, TipIndicator indicator, PortalService service = PortalService.Tip)
        {
            var doc = Summaries.FindById(CacheKey.For(tenant, indicator, service));
            return doc == null ? null : ToResult(doc);
        }

        /// <summary>Stores (replaces) an answer, in the caller's write transaction (else in one of its own).</summary>
        public void Put(TipLookupResult result)
        {
            if (!_database.IsInTransaction)
            {
                // The token and the answer must commit together: between two commits a reader could take the old answer
                // under the new token and keep it.
                _database.InTransaction(() => Put(result));
                return;
            }
            var key = CacheKey.For(result.Tenant, result.Kind, result.Indicator, CacheKey.ServiceOf(result.Service));
            MarkChanged();
            Summaries.Upsert(ToDocument(key, result));
            // The body says which answer it belongs to: a result read later checks it still has its own answer's body.
            Bodies.Upsert(new BsonDocument { ["_id"] = key, ["Raw"] = result.Raw, ["ReceivedAt"] = result.ReceivedAt.UtcTicks });
        }

        /// <summary>
        /// The same answer without its body in memory: <see cref="TipLookupResult.Raw"/> (and the typed sections parsed
        /// from it) load from the cache on first use, while the cache still holds this answer. For the stored answers a
        /// batch remembers to serve later duplicates, so a long batch holds summaries, not thousands of bodies.
        /// </summary>
        public TipLookupResult WithoutBody(TipLookupResult stored)
        {
            var key = CacheKey.For(stored.Tenant, stored.Kind, stored.Indicator, CacheKey.ServiceOf(stored.Service));
            var directory = _database.Directory;
            var receivedAt = stored.ReceivedAt.UtcTicks;
            return stored.WithBodyLoader(() => CachedBodies.Load(directory, key, receivedAt));
        }

        /// <summary>Cached answers of a tenant, optionally of some types and zones; streamed, bodies not loaded.</summary>
        public IEnumerable<TipLookupResult> Query(string tenant, Func<TipLookupResult, bool>? filter = null)
        {
            // Pages of 1000 read in full: an open reader would hold the shared file's lock while the caller's pipeline runs.
            var prefix = CacheKey.TenantPrefix(tenant);
            var after = prefix;
            while (true)
            {
                var page = Summaries.Query().Where(LiteDB.Query.GT("_id", after)).OrderBy("_id").Limit(PageSize).ToList()
                    .TakeWhile(doc => doc["_id"].AsString.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
                foreach (var doc in page)
                {
                    var result = ToResult(doc);
                    if (filter == null || filter(result)) yield return result;
                }
                if (page.Count < PageSize) yield break;
                after = page[page.Count - 1]["_id"].AsString;
            }
        }

        /// <summary>
        /// A tenant's cached answers with their bodies, a page at a time (Copy-TipStore): the summaries in key order and the
        /// page's bodies in one read, so 100,000 answers never sit in memory at once nor cost a read each.
        /// </summary>
        internal IEnumerable<List<(TipLookupResult Result, string? Body)>> PagesWithBodies(string tenant, int pageSize)
        {
            var prefix = CacheKey.TenantPrefix(tenant);
            var after = prefix;
            while (true)
            {
                var docs = Summaries.Query().Where(LiteDB.Query.GT("_id", after)).OrderBy("_id").Limit(pageSize).ToList()
                    .TakeWhile(doc => doc["_id"].AsString.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
                if (docs.Count == 0) yield break;
                var bodies = new Dictionary<string, BsonDocument>(StringComparer.OrdinalIgnoreCase);
                foreach (var body in Bodies.Find(LiteDB.Query.In("_id", docs.Select(d => d["_id"]).ToArray()))) bodies[body["_id"].AsString] = body;
                var page = new List<(TipLookupResult, string?)>(docs.Count);
                foreach (var doc in docs)
                {
                    string? raw = null;
                    if (bodies.TryGetValue(doc["_id"].AsString, out var body) && body["Raw"].IsString)
                    {
                        // A body of another answer (replaced between the two reads) is not this one's.
                        var stamp = body["ReceivedAt"];
                        if (!stamp.IsInt64 || stamp.AsInt64 == doc["ReceivedAt"].AsInt64) raw = body["Raw"].AsString;
                    }
                    page.Add((ToResult(doc), raw));
                }
                yield return page;
                if (docs.Count < pageSize) yield break;
                after = docs[docs.Count - 1]["_id"].AsString;
            }
        }

        /// <summary>How many answers the tenant has cached.</summary>
        internal int CountOf(string tenant) => Summaries.Count(LiteDB.Query.StartsWith("_id", CacheKey.TenantPrefix(tenant)));

        /// <summary>The tenants with cached answers.</summary>
        internal IEnumerable<string> TenantNames()
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            // One streamed pass over the small summaries (never the bodies); nothing else runs while it reads.
            // (A projection with Select(x => x["Tenant"]) came back empty on LiteDB 5, which the copy test caught.)
            foreach (var doc in Summaries.FindAll())
            {
                if (doc["Tenant"].IsString) names.Add(doc["Tenant"].AsString);
            }
            return names;
        }

        /// <summary>Drops cached answers of a tenant that <paramref name="filter"/> selects; returns how many.</summary>
        public int Remove(string tenant, Func<TipLookupResult, bool> filter)
        {
            var keys = Query(tenant, filter).Select(r => CacheKey.For(tenant, r.Kind, r.Indicator, CacheKey.ServiceOf(r.Service))).ToList();
            foreach (var chunk in Chunk(keys, 500))
            {
                _database.InTransaction(() =>
                {
                    MarkChanged();
                    foreach (var key in chunk)
                    {
                        Summaries.Delete(key);
                        Bodies.Delete(key);
                    }
                });
            }
            return keys.Count;
        }

        private static IEnumerable<List<T>> Chunk<T>(List<T> items, int size)
        {
            for (var i = 0; i < items.Count; i += size) yield return items.GetRange(i, Math.Min(size, items.Count - i));
        }

        private BsonDocument ToDocument(string key, TipLookupResult r)
        {
            var doc = new BsonDocument
            {
                ["_id"] = key,
                ["Tenant"] = r.Tenant,
                ["Indicator"] = r.Indicator,
                ["Type"] = r.Type,
                ["Found"] = r.Found,
                ["Zone"] = r.Zone,
                ["Status"] = r.Status,
                // Lists as one tab-joined string: fewer BSON values to read back per row (reading speed matters most).
                ["Categories"] = string.Join("\t", r.Categories),
                // UTC ticks, not a BSON date: exact, and no local-time conversion on the way back.
                ["ReceivedAt"] = r.ReceivedAt.UtcTicks,
                ["TaskId"] = r.TaskId,
                ["Sections"] = string.Join("\t", r.Sections),
                ["MaxRecords"] = r.MaxRecords,
                ["PortalUrl"] = r.PortalUrl,
            };
            // Written only for OpenTIP: TIP's documents stay as they were, and older files need no upgrade.
            if (CacheKey.ServiceOf(r.Service) == PortalService.OpenTip) doc["Service"] = r.Service;
            return doc;
        }

        private TipLookupResult ToResult(BsonDocument doc) => ToResult(CachedSummary.FromDocument(doc));

        private TipLookupResult ToResult(CachedSummary summary)
        {
            var directory = _database.Directory;
            var key = summary.Id;
            var receivedAt = summary.ReceivedAtTicks;
            return summary.ToResult(() => CachedBodies.Load(directory, key, receivedAt));
        }
    }
}
