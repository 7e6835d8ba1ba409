using System;
using System.Collections.Generic;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>DomainGeneralInfo of a domain lookup.</summary>
    public sealed class DomainGeneralInfo : GeneralInfo
    {
        public string? Domain { get; set; }

        public long? FilesCount { get; set; }

        public long? UrlsCount { get; set; }

        public long? Ipv4Count { get; set; }
    }
}
