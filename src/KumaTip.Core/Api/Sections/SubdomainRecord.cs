using System;
using System.Collections.Generic;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>A subdomain of a domain.</summary>
    public sealed class SubdomainRecord
    {
        public string? Subdomain { get; set; }

        public TipZone? Zone { get; set; }

        public long? FilesCount { get; set; }
    }
}
