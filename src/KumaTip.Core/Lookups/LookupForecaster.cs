using System;
using System.Collections.Generic;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// Builds a <see cref="LookupForecast"/> row by row without a request: parses, de-duplicates, and checks the cache
    /// in batches of 2,000 (one short read transaction each) as the rows arrive.
    /// </summary>
    public sealed class LookupForecaster
    {
        private const int ChunkSize = 2000;

        private readonly LookupService _service;
        private readonly LookupOptions _options;
        private readonly LookupForecast _forecast;
        private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<TipIndicator> _chunk = new List<TipIndicator>(ChunkSize);
        private readonly DateTime _now;

        internal LookupForecaster(LookupService service, LookupOptions options)
        {
            _service = service;
            _options = options;
            _forecast = new LookupForecast { Tenant = options.Tenant };
            _now = service.UtcNow;
        }

        public void Add(LookupRequest row)
        {
            _forecast.Rows++;
            var indicator = row.Indicator;
            if (indicator == null)
            {
                var parsed = IndicatorParser.Parse(row.Value, "pipeline");
                if (!parsed.Success)
                {
                    _forecast.Invalid++;
                    return;
                }
                indicator = parsed.Indicator!;
            }
            if (!_seen.Add(indicator.Key)) return;
            _forecast.Unique++;
            _chunk.Add(indicator);
            if (_chunk.Count == ChunkSize) Check();
        }

        public LookupForecast Finish()
        {
            Check();
            _forecast.QuotaLeft = _service.Ledger?.QuotaLeft(_options.Tenant);
            _forecast.MaxRequests = _options.MaxRequests;
            return _forecast;
        }

        private void Check()
        {
            if (_chunk.Count == 0) return;
            if (_options.Force)
            {
                _forecast.ToRequest += _chunk.Count;
            }
            else
            {
                var cached = _service.WithDatabase(() => _service.Cache.FindMany(_options.Tenant, _chunk, _options.Service));
                foreach (var indicator in _chunk)
                {
                    if (cached.TryGetValue(CacheKey.For(_options.Tenant, indicator, _options.Service), out var hit)
                        && ResultCache.Satisfies(hit, _service.ResolveSections(indicator.Kind, _options.SectionNamesFor(indicator.Kind)), _options.MaxRecords, _options.EffectiveMaxAge, _now))
                        _forecast.Cached++;
                    else
                        _forecast.ToRequest++;
                }
            }
            _chunk.Clear();
        }
    }
}
