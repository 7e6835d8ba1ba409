using System;
using System.Collections.Generic;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>A Threat Data Feeds mask matching the indicator.</summary>
    public sealed class FeedMask
    {
        public TipZone? Zone { get; set; }

        public string? MaskType { get; set; }

        public string? NormalizedMask { get; set; }

        public List<string>? FeedNames { get; set; }
    }
}
