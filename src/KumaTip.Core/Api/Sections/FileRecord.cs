using System;
using System.Collections.Generic;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>A file downloaded from or accessing the indicator (FilesDownloadedFromIp, FilesDownloaded, FilesAccessed).</summary>
    public sealed class FileRecord
    {
        public string? Md5 { get; set; }

        public TipZone? Zone { get; set; }

        public long? DownloadHitsCount { get; set; }

        public long? AccessHitsCount { get; set; }

        public string? DetectionName { get; set; }

        public string? Url { get; set; }

        public DateTimeOffset? FirstSeen { get; set; }

        public DateTimeOffset? LastSeen { get; set; }
    }
}
