using System;
using System.Collections.Generic;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>A URL related to the indicator (FileDownloadedFromUrls, FileAccessedUrls, HostedUrls, UrlReferrals, UrlReferredTo).</summary>
    public sealed class UrlRecord
    {
        public string? Url { get; set; }

        public string? Domain { get; set; }

        public TipZone? Zone { get; set; }

        public long? UrlHitsCount { get; set; }

        public DateTimeOffset? FirstSeen { get; set; }

        public DateTimeOffset? LastSeen { get; set; }

        public DateTimeOffset? LastDownloadDate { get; set; }
    }
}
