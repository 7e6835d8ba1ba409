using System;
using System.Collections.Generic;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>A DNS resolution: IpDnsResolutions (Domain set) or DomainDnsResolutions (Ip set).</summary>
    public sealed class DnsResolution
    {
        public string? Domain { get; set; }

        public string? Ip { get; set; }

        public TipZone? Zone { get; set; }

        public int? ThreatScore { get; set; }

        public long? HitsCount { get; set; }

        public DateTimeOffset? FirstSeen { get; set; }

        public DateTimeOffset? LastSeen { get; set; }

        public DateTimeOffset? PeakDate { get; set; }

        public long? DailyPeak { get; set; }

        public List<string>? Categories { get; set; }
    }
}
