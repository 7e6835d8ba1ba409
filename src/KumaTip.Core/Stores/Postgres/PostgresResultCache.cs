using System;
using System.Collections.Generic;
using System.Linq;
using KumaTip.Core.Api;
using KumaTip.Core.Indicators;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;
using Npgsql;

namespace KumaTip.Core.Stores.Postgres
{
    /// <summary>
    /// The team's cached answers in <c>kumatip.results</c>: one row per tenant + service + type + value, keyed like the
    /// LiteDB cache but with the tenant's upper-case key (PostgreSQL compares text with case). Batches are read with one
    /// <c>= ANY($1)</c> query; the body (Raw) is read only when someone asks for it.
    /// </summary>
    internal sealed class PostgresResultCache : IResultCache
    {
        private const int PageSize = 1000;

        private const string SummaryColumns = "cache_key, tenant, service, indicator, type, found, zone, status, categories, received_at, task_id, sections, max_records, portal_url";

        private readonly PostgresLookupStore _store;

        public PostgresResultCache(PostgresLookupStore store) => _store = store;

        /// <summary>The row's key: the tenant's case-insensitive key, then the same case-safe part as the LiteDB cache.</summary>
        internal static string RowKey(string tenant, TipIndicatorType type, string value, PortalService service)
            => CacheKey.For(Tenants.Key(tenant), type, value, service);

        public Dictionary<string, TipLookupResult> FindMany(string tenant, IEnumerable<TipIndicator> indicators, PortalService service = PortalService.Tip)
        {
            // Row key → the key the caller looks the answer up by.
            var wanted = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var indicator in indicators)
            {
                wanted[RowKey(tenant, indicator.Kind, indicator.Value, service)] = CacheKey.For(tenant, indicator, service);
            }
            var found = new Dictionary<string, TipLookupResult>(StringComparer.Ordinal);
            if (wanted.Count == 0) return found;
            var keys = wanted.Keys.ToArray();
            var tenantKey = Tenants.Key(tenant);
            return _store.Use(connection =>
            {
                found.Clear();
                using var command = PostgresLookupStore.Command(connection,
                    "SELECT " + SummaryColumns + " FROM kumatip.results WHERE tenant_key = $1 AND cache_key = ANY($2)", tenantKey, keys);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var result = Read(reader);
                    found[wanted[reader.GetString(0)]] = result;
                }
                return found;
            });
        }

        public TipLookupResult? Find(string tenant, TipIndicator indicator, PortalService service = PortalService.Tip)
        {
            var found = FindMany(tenant, new[] { indicator }, service);
            return found.Count == 0 ? null : found.Values.First();
        }

        public void Put(TipLookupResult r)
        {
            var key = RowKey(r.Tenant, r.Kind, r.Indicator, CacheKey.ServiceOf(r.Service));
            _store.Use(connection =>
            {
                using var command = PostgresLookupStore.Command(connection,
                    "INSERT INTO kumatip.results (cache_key, tenant_key, tenant, service, indicator, type, found, zone, status, categories, received_at, task_id, sections, max_records, portal_url, body, created_by) " +
                    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) " +
                    "ON CONFLICT (cache_key) DO UPDATE SET tenant = EXCLUDED.tenant, service = EXCLUDED.service, indicator = EXCLUDED.indicator, type = EXCLUDED.type, " +
                    "found = EXCLUDED.found, zone = EXCLUDED.zone, status = EXCLUDED.status, categories = EXCLUDED.categories, received_at = EXCLUDED.received_at, " +
                    "task_id = EXCLUDED.task_id, sections = EXCLUDED.sections, max_records = EXCLUDED.max_records, portal_url = EXCLUDED.portal_url, body = EXCLUDED.body, created_by = EXCLUDED.created_by",
                    key, Tenants.Key(r.Tenant), r.Tenant, CacheKey.ServiceOf(r.Service).ToString(), r.Indicator, r.Type, r.Found, r.Zone, r.Status,
                    string.Join("\t", r.Categories), r.ReceivedAt.UtcDateTime, r.TaskId, string.Join("\t", r.Sections), r.MaxRecords, r.PortalUrl ?? "",
                    r.Raw ?? "", PostgresTaskStore.Who());
                return command.ExecuteNonQuery();
            });
        }

        public TipLookupResult WithoutBody(TipLookupResult stored)
        {
            var key = RowKey(stored.Tenant, stored.Kind, stored.Indicator, CacheKey.ServiceOf(stored.Service));
            var connectionString = _store.ConnectionString;
            var receivedAt = stored.ReceivedAt;
            return stored.WithBodyLoader(() => LoadBody(connectionString, key, receivedAt));
        }

        public IEnumerable<TipLookupResult> Query(string tenant, Func<TipLookupResult, bool>? filter = null)
        {
            // Pages read in full: the caller's pipeline runs between them without holding a connection.
            var tenantKey = Tenants.Key(tenant);
            var after = "";
            while (true)
            {
                var page = _store.Use(connection =>
                {
                    var rows = new List<(string Key, TipLookupResult Result)>(PageSize);
                    using var command = PostgresLookupStore.Command(connection,
                        "SELECT " + SummaryColumns + " FROM kumatip.results WHERE tenant_key = $1 AND cache_key COLLATE \"C\" > $2 ORDER BY cache_key COLLATE \"C\" LIMIT " + PageSize,
                        tenantKey, after);
                    using var reader = command.ExecuteReader();
                    while (reader.Read()) rows.Add((reader.GetString(0), Read(reader)));
                    return rows;
                });
                foreach (var row in page)
                {
                    if (filter == null || filter(row.Result)) yield return row.Result;
                }
                if (page.Count < PageSize) yield break;
                after = page[page.Count - 1].Key;
            }
        }

        public int Remove(string tenant, Func<TipLookupResult, bool> filter)
        {
            var keys = Query(tenant, filter).Select(r => RowKey(tenant, r.Kind, r.Indicator, CacheKey.ServiceOf(r.Service))).ToArray();
            var tenantKey = Tenants.Key(tenant);
            for (var i = 0; i < keys.Length; i += 500)
            {
                var chunk = keys.Skip(i).Take(500).ToArray();
                _store.Use(connection =>
                {
                    using var command = PostgresLookupStore.Command(connection, "DELETE FROM kumatip.results WHERE tenant_key = $1 AND cache_key = ANY($2)", tenantKey, chunk);
                    return command.ExecuteNonQuery();
                });
            }
            return keys.Length;
        }

        private TipLookupResult Read(NpgsqlDataReader reader)
        {
            var key = reader.GetString(0);
            var receivedAt = new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(9), DateTimeKind.Utc));
            var connectionString = _store.ConnectionString;
            return new TipLookupResult
            {
                Tenant = reader.GetString(1),
                Service = reader.GetString(2),
                Indicator = reader.GetString(3),
                Kind = (TipIndicatorType)Enum.Parse(typeof(TipIndicatorType), reader.GetString(4), true),
                Found = reader.GetBoolean(5),
                ZoneValue = (TipZone)Enum.Parse(typeof(TipZone), reader.GetString(6), true),
                Status = reader.GetString(7),
                Categories = Split(reader.GetString(8)),
                ReceivedAt = receivedAt,
                FromCache = true,
                TaskId = reader.GetInt32(10),
                Sections = Split(reader.GetString(11)),
                MaxRecords = reader.GetInt32(12),
                PortalUrl = reader.GetString(13),
                RawLoader = () => LoadBody(connectionString, key, receivedAt),
            };
        }

        private static string[] Split(string joined) => joined.Length == 0 ? Array.Empty<string>() : joined.Split('\t');


        /// <summary>The body stored under <paramref name="key"/> while it is still the answer received at <paramref name="receivedAt"/>; null when replaced, cleared or unreachable.</summary>
        private static string? LoadBody(string connectionString, string key, DateTimeOffset receivedAt)
        {
            try
            {
                // A result may outlive the cmdlet (and the store) that read it: a pooled connection of its own.
                using var connection = new NpgsqlConnection(connectionString);
                connection.Open();
                using var command = PostgresLookupStore.Command(connection, "SELECT body, received_at FROM kumatip.results WHERE cache_key = $1", key);
                using var reader = command.ExecuteReader();
                if (!reader.Read()) return null;
                // Stored times have microseconds; the answer's own time may carry ticks.
                var stored = DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc);
                if (Math.Abs((stored - receivedAt.UtcDateTime).Ticks) >= 10) return null;
                return reader.GetString(0);
            }
            catch (NpgsqlException)
            {
                // Raw is a convenience: an unreachable store leaves it empty rather than failing the pipeline that reads it.
                return null;
            }
        }
    }
}
