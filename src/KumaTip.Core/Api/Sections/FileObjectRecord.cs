using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using KumaTip.Core.Api.Json;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>A file a file started, was started by, downloaded or was downloaded by.</summary>
    public sealed class FileObjectRecord
    {
        public string? Md5 { get; set; }

        /// <summary>Red, Orange, Yellow, Grey or Green (a name, so JSON and CSV show it); null when not sent or not a zone.</summary>
        [JsonConverter(typeof(TolerantZoneConverter))]
        public string? Zone { get; set; }

        public long? HitsCount { get; set; }

        public string? Location { get; set; }

        public string? Path { get; set; }

        public string? Name { get; set; }

        public DateTimeOffset? LastStartDate { get; set; }

        public DateTimeOffset? LastDownloadDate { get; set; }

        public string? DetectionName { get; set; }

        public override string ToString() => OutputText.WithZone(Name ?? Path ?? Md5, Zone) ?? "";
    }
}
