using System;
using System.Collections.Generic;
using KumaTip.Core.Api;
using KumaTip.Core.Api.Sections;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// What KumaTip knows about one indicator: one portal answer (fresh or cached). Flat, documented properties so
    /// Export-Csv, ConvertTo-Json, Where-Object and Format-Table work on it. Built once, never mutated by callers.
    /// </summary>
    public sealed class TipLookupResult
    {
        /// <summary>The normalized value (punycode for internationalized names).</summary>
        public string Indicator { get; set; } = "";

        public TipIndicatorType Type { get; set; }

        /// <summary>False when the portal has no data (404); Zone is then Grey.</summary>
        public bool Found { get; set; }

        public TipZone Zone { get; set; } = TipZone.Grey;

        /// <summary>The portal's status text for the zone and type (e.g. Dangerous, Malware, Not categorized, Good).</summary>
        public string Status { get; set; } = "";

        /// <summary>Category names as the portal sends them (CATEGORY_PHISHING…).</summary>
        public string[] Categories { get; set; } = Array.Empty<string>();

        /// <summary>UTC time the data came from the portal.</summary>
        public DateTime ReceivedAt { get; set; }

        /// <summary>True when this result came from the local cache, without a request.</summary>
        public bool FromCache { get; set; }

        /// <summary>The task whose request produced the data.</summary>
        public int TaskId { get; set; }

        /// <summary>The sections that were fetched.</summary>
        public string[] Sections { get; set; } = Array.Empty<string>();

        /// <summary>The maximum of records per section that was asked for.</summary>
        public int MaxRecords { get; set; }

        /// <summary>Link to the indicator on the portal's web UI.</summary>
        public string PortalUrl { get; set; } = "";

        public string Tenant { get; set; } = "Main";

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

        /// <summary>DomainDnsResolutions or IpDnsResolutions, by type.</summary>
        public IReadOnlyList<DnsResolution>? DnsResolutions
        {
            get => _dnsResolutions ?? LookupOutputs.DnsResolutionsOf(Details);
            set => _dnsResolutions = value;
        }

        /// <summary>DetectionsInfo (hashes).</summary>
        public IReadOnlyList<DetectionInfo>? Detections
        {
            get => _detections ?? Details?.DetectionsInfo;
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
