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
        public GeneralInfo? GeneralInfo { get; set; }

        /// <summary>DomainWhoIsInfo, UrlDomainWhoIs or IpWhoIs, by type.</summary>
        public WhoIsInfo? WhoIs { get; set; }

        /// <summary>DomainDnsResolutions or IpDnsResolutions, by type.</summary>
        public IReadOnlyList<DnsResolution>? DnsResolutions { get; set; }

        /// <summary>DetectionsInfo (hashes).</summary>
        public IReadOnlyList<DetectionInfo>? Detections { get; set; }

        /// <summary>Every section, typed, named as on the wire.</summary>
        public TipSections? Details { get; set; }

        /// <summary>The JSON exactly as received.</summary>
        public string Raw { get; set; } = "";

        public override string ToString() => $"{Indicator} {Zone}";
    }
}
