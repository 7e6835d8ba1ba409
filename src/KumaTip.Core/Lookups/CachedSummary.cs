using System;
using System.Collections.Generic;
using System.Linq;
using KumaTip.Core.Api;
using KumaTip.Core.Indicators;
using KumaTip.Core.Output;
using LiteDB;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// A cached answer's summary as the results collection stores it (never its body): what <see cref="RecentAnswers"/>
    /// keeps in memory, small enough for hundreds of thousands. Immutable; every read makes a fresh
    /// <see cref="TipLookupResult"/> of it, so no caller can change what another one gets.
    /// </summary>
    internal sealed class CachedSummary
    {
        private static readonly Dictionary<string, TipIndicatorType> Types = Enum.GetValues(typeof(TipIndicatorType)).Cast<TipIndicatorType>().ToDictionary(t => t.ToString());
        private static readonly Dictionary<string, TipZone> Zones = Enum.GetValues(typeof(TipZone)).Cast<TipZone>().ToDictionary(t => t.ToString());

        private CachedSummary(string id, string tenant, string service, string indicator, TipIndicatorType kind, bool found, TipZone zone, string status,
            TipList<string> categories, long receivedAtTicks, int taskId, TipList<string> sections, int maxRecords, string portalUrl, bool portalUrlEndsWithIndicator)
        {
            Id = id;
            Tenant = tenant;
            Service = service;
            Indicator = indicator;
            Kind = kind;
            Found = found;
            Zone = zone;
            Status = status;
            Categories = categories;
            ReceivedAtTicks = receivedAtTicks;
            TaskId = taskId;
            Sections = sections;
            MaxRecords = maxRecords;
            _portalUrl = portalUrl;
            _portalUrlEndsWithIndicator = portalUrlEndsWithIndicator;
        }

        // A portal link is its host's search page + the indicator: kept as the shared page part when it ends so.
        private readonly string _portalUrl;
        private readonly bool _portalUrlEndsWithIndicator;

        /// <summary>The stored id (the cache key as it was written); the body is stored under it.</summary>
        public string Id { get; }

        public string Tenant { get; }

        public string Service { get; }

        public string Indicator { get; }

        public TipIndicatorType Kind { get; }

        public bool Found { get; }

        public TipZone Zone { get; }

        public string Status { get; }

        public TipList<string> Categories { get; }

        /// <summary>When the answer came, UTC ticks: also what its body is checked against.</summary>
        public long ReceivedAtTicks { get; }

        public int TaskId { get; }

        public TipList<string> Sections { get; }

        public int MaxRecords { get; }

        public string PortalUrl => _portalUrlEndsWithIndicator ? _portalUrl + Indicator : _portalUrl;

        /// <summary>
        /// The summary a results document holds. <paramref name="pool"/>, when given, shares one instance among equal
        /// texts and lists (tenants, statuses, category and section lists repeat across thousands of answers).
        /// </summary>
        public static CachedSummary FromDocument(BsonDocument doc, TextPool? pool = null, string? key = null)
        {
            var id = doc["_id"].AsString;
            var indicator = doc["Indicator"].AsString;
            var portalUrl = doc["PortalUrl"].AsString;
            var endsWithIndicator = pool != null && indicator != null && portalUrl != null && indicator.Length > 0 && portalUrl.Length > indicator.Length && portalUrl.EndsWith(indicator, StringComparison.Ordinal);
            if (endsWithIndicator) portalUrl = pool!.Text(portalUrl.Substring(0, portalUrl.Length - indicator.Length));
            return new CachedSummary(
                // The key it was asked for when that is the stored id: one string, not two.
                key != null && string.Equals(key, id, StringComparison.Ordinal) ? key : id,
                Share(pool, doc["Tenant"].AsString),
                doc.TryGetValue("Service", out var service) && service.IsString ? Share(pool, service.AsString) : nameof(PortalService.Tip),
                indicator,
                ParseType(doc["Type"].AsString),
                doc["Found"].AsBoolean,
                ParseZone(doc["Zone"].AsString),
                Share(pool, doc["Status"].AsString),
                Strings(doc["Categories"], pool),
                doc["ReceivedAt"].AsInt64,
                doc["TaskId"].AsInt32,
                Strings(doc["Sections"], pool),
                doc["MaxRecords"].AsInt32,
                portalUrl,
                endsWithIndicator);
        }

        private static string Share(TextPool? pool, string text) => pool == null || text == null ? text! : pool.Text(text);

        /// <summary>A new result of this summary; <paramref name="bodyLoader"/> reads its body on first use.</summary>
        public TipLookupResult ToResult(Func<string?> bodyLoader) => new TipLookupResult
        {
            Tenant = Tenant,
            Service = Service,
            Indicator = Indicator,
            Kind = Kind,
            Found = Found,
            ZoneValue = Zone,
            Status = Status,
            Categories = Categories,
            ReceivedAt = new DateTimeOffset(ReceivedAtTicks, TimeSpan.Zero),
            FromCache = true,
            TaskId = TaskId,
            Sections = Sections,
            MaxRecords = MaxRecords,
            PortalUrl = PortalUrl,
            RawLoader = bodyLoader,
        };

        private static TipIndicatorType ParseType(string value) => Types.TryGetValue(value, out var t) ? t : (TipIndicatorType)Enum.Parse(typeof(TipIndicatorType), value, true);

        private static TipZone ParseZone(string value) => Zones.TryGetValue(value, out var z) ? z : (TipZone)Enum.Parse(typeof(TipZone), value, true);

        /// <summary>Lists are stored as one tab-joined string (older files: a BSON array).</summary>
        private static TipList<string> Strings(BsonValue value, TextPool? pool)
        {
            if (value.IsString)
            {
                var text = value.AsString;
                if (text.Length == 0) return TipList<string>.Empty;
                return pool == null ? TipList<string>.From(text.Split('\t')) : pool.List(text, joined => TipList<string>.From(joined.Split('\t')));
            }
            if (!value.IsArray) return TipList<string>.Empty;
            var array = value.AsArray;
            if (array.Count == 0) return TipList<string>.Empty;
            var strings = new string[array.Count];
            for (var i = 0; i < strings.Length; i++) strings[i] = array[i].AsString;
            return TipList<string>.From(strings);
        }
    }
}
