using System;
using System.Collections.Generic;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>UrlGeneralInfo of a URL lookup; Host is the upper-level domain.</summary>
    public sealed class UrlGeneralInfo : GeneralInfo
    {
        public string? Url { get; set; }

        public string? Host { get; set; }

        public long? FilesCount { get; set; }

        public long? Ipv4Count { get; set; }
    }
}
