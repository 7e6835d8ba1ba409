using System;
using System.Collections.Generic;
using KumaTip.Core.Api;
using KumaTip.Core.Api.Sections;
using KumaTip.Core.Indicators;
using KumaTip.Core.Output;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// What KumaTip knows about one indicator: one portal answer (fresh or cached). Flat, documented properties so
    /// Export-Csv, ConvertTo-Json, Where-Object and Format-Table work on it: zone and type are names, the time is a UTC
    /// DateTimeOffset, lists read as "a; b" in a CSV cell and the typed sections as one line each (docs/output.md).
    /// Built once, never mutated by callers.
    /// </summary>
    public sealed class TipLookupResult
    {
        /// <summary>The normalized value (punycode for internationalized names).</summary>
        public string Indicator { get; set; } = "";

        /// <summary>Domain, Url, IPv4, IPv6, Md5, Sha1 or Sha256: a name, so ConvertTo-Json and Export-Csv write it as shown.</summary>
        public string Type
        {
            get => EnumNames<TipIndicatorType>.Of(Kind);
            set => Kind = EnumNames<TipIndicatorType>.Parse(value, "indicator type");
        }

        /// <summary>The indicator type, typed; <see cref="Type"/> is its name.</summary>
        internal TipIndicatorType Kind { get; set; }

        /// <summary>False when the portal has no data (404); Zone is then Grey.</summary>
        public bool Found { get; set; }

        /// <summary>
        /// Red, Orange, Yellow, Grey or Green: a name, so ConvertTo-Json and Export-Csv write it as shown and
        /// <c>Where-Object Zone -eq Red</c> works. Sort by severity with <c>Sort-Object { [KumaTip.Core.Api.TipZone]$_.Zone }</c>.
        /// </summary>
        public string Zone
        {
            get => TipZones.Name(ZoneValue);
            set => ZoneValue = TipZones.Parse(value);
        }

        /// <summary>The zone, typed; <see cref="Zone"/> is its name.</summary>
        internal TipZone ZoneValue { get; set; } = TipZone.Grey;

        /// <summary>The portal's status text for the zone and type (e.g. Dangerous, Malware, Not categorized, Good).</summary>
        public string Status { get; set; } = "";

        /// <summary>Category names as the portal sends them (CATEGORY_PHISHING…); a CSV cell joins them with "; ".</summary>
        public TipList<string> Categories
        {
            get => _categories;
            set => _categories = TipList<string>.From(value);
        }

        /// <summary>When the data came from the portal, in UTC (offset +00:00).</summary>
        public DateTimeOffset ReceivedAt
        {
            get => _receivedAt;
            set => _receivedAt = value.ToUniversalTime();
        }

        /// <summary>True when this result came from the local cache, without a request.</summary>
        public bool FromCache { get; set; }

        /// <summary>The task whose request produced the data.</summary>
        public int TaskId { get; set; }

        /// <summary>The sections that were fetched (empty: every section of the type); a CSV cell joins them with "; ".</summary>
        public TipList<string> Sections
        {
            get => _sections;
            set => _sections = TipList<string>.From(value);
        }

        /// <summary>The maximum of records per section that was asked for.</summary>
        public int MaxRecords { get; set; }

        /// <summary>Link to the indicator on the portal's web UI.</summary>
        public string PortalUrl { get; set; } = "";

        public string Tenant { get; set; } = "Main";

        /// <summary>The portal that answered: Tip or OpenTip (a name, so JSON and CSV show it).</summary>
        public string Service { get; set; } = nameof(PortalService.Tip);

        /// <summary>FileGeneralInfo, IpGeneralInfo, DomainGeneralInfo or UrlGeneralInfo, by type.</summary>
        public GeneralInfo? GeneralInfo
        {
            get => _generalInfo ?? LookupOutputs.GeneralInfoOf(Details);
            set => _generalInfo = value;
        }

        /// <summary>DomainWhoIsInfo, UrlDomainWhoIs or IpWhoIs, by type.</summary>
        public WhoIsInfo? WhoIs
        {
            get => _whoIs ?? LookupOutputs.WhoIsOf(Details);
            set => _whoIs = value;
        }

        /// <summary>DomainDnsResolutions or IpDnsResolutions, by type; a CSV cell lists them as <c>ip (zone); …</c>.</summary>
        public TipList<DnsResolution>? DnsResolutions
        {
            get => TipList<DnsResolution>.FromOrNull(_dnsResolutions ?? LookupOutputs.DnsResolutionsOf(Details));
            set => _dnsResolutions = value;
        }

        /// <summary>DetectionsInfo (hashes); a CSV cell lists them as <c>name (zone); …</c>.</summary>
        public TipList<DetectionInfo>? Detections
        {
            get => TipList<DetectionInfo>.FromOrNull(_detections ?? Details?.DetectionsInfo);
            set => _detections = value;
        }

        /// <summary>Every section, typed, named as on the wire. For a cached result it is read from <see cref="Raw"/> on first use.</summary>
        public TipSections? Details
        {
            get
            {
                if (_detailsRead) return _details;
                var raw = Raw;
                lock (_loadGate)
                {
                    if (!_detailsRead)
                    {
                        _details = LookupOutputs.ParseSections(raw);
                        _detailsRead = true;
                    }
                    return _details;
                }
            }
            set
            {
                _details = value;
                _detailsRead = true;
            }
        }

        /// <summary>
        /// The JSON exactly as received. For a cached result it is loaded from the cache on first use, so listing many
        /// cached results stays fast; empty when the cache no longer holds this answer (replaced by a newer lookup of
        /// the indicator, or cleared): look the indicator up again.
        /// </summary>
        public string Raw
        {
            get
            {
                if (_raw != null) return _raw;
                // One load, whoever asks first: duplicate rows share this object, and pipelines may read it in parallel.
                lock (_loadGate)
                {
                    if (_raw == null)
                    {
                        var loader = RawLoader;
                        _raw = loader?.Invoke() ?? "";
                        RawLoader = null;
                    }
                    return _raw;
                }
            }
            set
            {
                _raw = value ?? "";
                RawLoader = null;
            }
        }

        /// <summary>Loads <see cref="Raw"/> when first read (cached results keep the body in a separate collection).</summary>
        internal Func<string?>? RawLoader { get; set; }

        /// <summary>The same answer's summary with its body left in the store: <paramref name="loader"/> reads it on first use.</summary>
        internal TipLookupResult WithBodyLoader(Func<string?> loader) => new TipLookupResult
        {
            Tenant = Tenant,
            Service = Service,
            Indicator = Indicator,
            Kind = Kind,
            Found = Found,
            ZoneValue = ZoneValue,
            Status = Status,
            Categories = Categories,
            ReceivedAt = ReceivedAt,
            FromCache = FromCache,
            TaskId = TaskId,
            Sections = Sections,
            MaxRecords = MaxRecords,
            PortalUrl = PortalUrl,
            RawLoader = loader,
        };

        private TipList<string> _categories = TipList<string>.Empty;
        private TipList<string> _sections = TipList<string>.Empty;
        private DateTimeOffset _receivedAt;
        private GeneralInfo? _generalInfo;
        private WhoIsInfo? _whoIs;
        private IReadOnlyList<DnsResolution>? _dnsResolutions;
        private IReadOnlyList<DetectionInfo>? _detections;
        private TipSections? _details;
        private volatile bool _detailsRead;
        private volatile string? _raw;
        private readonly object _loadGate = new object();

        public override string ToString() => $"{Indicator} {Zone}";
    }
}
