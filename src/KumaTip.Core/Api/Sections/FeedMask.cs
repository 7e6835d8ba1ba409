using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using KumaTip.Core.Api.Json;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>A Threat Data Feeds mask matching the indicator.</summary>
    public sealed class FeedMask
    {
        /// <summary>Red, Orange, Yellow, Grey or Green (a name, so JSON and CSV show it); null when not sent or not a zone.</summary>
        [JsonConverter(typeof(TolerantZoneConverter))]
        public string? Zone { get; set; }

        public string? MaskType { get; set; }

        public string? NormalizedMask { get; set; }

        public List<string>? FeedNames { get; set; }

        public override string ToString() => OutputText.WithZone(NormalizedMask, Zone) ?? "";
    }
}
