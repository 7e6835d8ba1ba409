using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using KumaTip.Core.Api.Json;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>A URL related to the indicator (FileDownloadedFromUrls, FileAccessedUrls, HostedUrls, UrlReferrals, UrlReferredTo).</summary>
    public sealed class UrlRecord
    {
        public string? Url { get; set; }

        public string? Domain { get; set; }

        /// <summary>Red, Orange, Yellow, Grey or Green (a name, so JSON and CSV show it); null when not sent or not a zone.</summary>
        [JsonConverter(typeof(TolerantZoneConverter))]
        public string? Zone { get; set; }

        public long? UrlHitsCount { get; set; }

        public DateTimeOffset? FirstSeen { get; set; }

        public DateTimeOffset? LastSeen { get; set; }

        public DateTimeOffset? LastDownloadDate { get; set; }

        public override string ToString() => OutputText.WithZone(Url ?? Domain, Zone) ?? "";
    }
}
