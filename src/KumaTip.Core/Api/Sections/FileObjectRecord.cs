using System;
using System.Collections.Generic;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>A file a file started, was started by, downloaded or was downloaded by.</summary>
    public sealed class FileObjectRecord
    {
        public string? Md5 { get; set; }

        public TipZone? Zone { get; set; }

        public long? HitsCount { get; set; }

        public string? Location { get; set; }

        public string? Path { get; set; }

        public string? Name { get; set; }

        public DateTimeOffset? LastStartDate { get; set; }

        public DateTimeOffset? LastDownloadDate { get; set; }

        public string? DetectionName { get; set; }
    }
}
