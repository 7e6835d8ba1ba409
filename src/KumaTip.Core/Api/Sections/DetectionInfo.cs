using System;
using System.Collections.Generic;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>A detection of a file (DetectionsInfo; never truncated by count).</summary>
    public sealed class DetectionInfo
    {
        public DateTimeOffset? LastDetectDate { get; set; }

        public string? DescriptionUrl { get; set; }

        public TipZone? Zone { get; set; }

        public string? DetectionName { get; set; }

        public string? DetectionMethod { get; set; }
    }
}
