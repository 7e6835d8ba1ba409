using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using KumaTip.Core.Api.Json;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>A detection of a file (DetectionsInfo; never truncated by count).</summary>
    public sealed class DetectionInfo
    {
        public DateTimeOffset? LastDetectDate { get; set; }

        public string? DescriptionUrl { get; set; }

        /// <summary>Red, Orange, Yellow, Grey or Green (a name, so JSON and CSV show it); null when not sent or not a zone.</summary>
        [JsonConverter(typeof(TolerantZoneConverter))]
        public string? Zone { get; set; }

        public string? DetectionName { get; set; }

        public string? DetectionMethod { get; set; }

        public override string ToString() => OutputText.WithZone(DetectionName, Zone) ?? "";
    }
}
