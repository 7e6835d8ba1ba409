using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using KumaTip.Core.Api.Json;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>A DNS resolution: IpDnsResolutions (Domain set) or DomainDnsResolutions (Ip set).</summary>
    public sealed class DnsResolution
    {
        public string? Domain { get; set; }

        public string? Ip { get; set; }

        /// <summary>Red, Orange, Yellow, Grey or Green (a name, so JSON and CSV show it); null when not sent or not a zone.</summary>
        [JsonConverter(typeof(TolerantZoneConverter))]
        public string? Zone { get; set; }

        public int? ThreatScore { get; set; }

        public long? HitsCount { get; set; }

        public DateTimeOffset? FirstSeen { get; set; }

        public DateTimeOffset? LastSeen { get; set; }

        public DateTimeOffset? PeakDate { get; set; }

        public long? DailyPeak { get; set; }

        public List<string>? Categories { get; set; }

        public override string ToString() => OutputText.WithZone(Ip ?? Domain, Zone) ?? "";
    }
}
