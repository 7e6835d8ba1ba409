using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using KumaTip.Core.Api.Json;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>A file downloaded from or accessing the indicator (FilesDownloadedFromIp, FilesDownloaded, FilesAccessed).</summary>
    public sealed class FileRecord
    {
        public string? Md5 { get; set; }

        /// <summary>Red, Orange, Yellow, Grey or Green (a name, so JSON and CSV show it); null when not sent or not a zone.</summary>
        [JsonConverter(typeof(TolerantZoneConverter))]
        public string? Zone { get; set; }

        public long? DownloadHitsCount { get; set; }

        public long? AccessHitsCount { get; set; }

        public string? DetectionName { get; set; }

        public string? Url { get; set; }

        public DateTimeOffset? FirstSeen { get; set; }

        public DateTimeOffset? LastSeen { get; set; }

        public override string ToString() => OutputText.WithZone(Md5, Zone) ?? "";
    }
}
