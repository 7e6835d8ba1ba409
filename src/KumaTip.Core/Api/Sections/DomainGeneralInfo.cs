using System;
using System.Collections.Generic;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>DomainGeneralInfo of a domain lookup.</summary>
    public sealed class DomainGeneralInfo : GeneralInfo
    {
        public string? Domain { get; set; }

        public long? FilesCount { get; set; }

        public long? UrlsCount { get; set; }

        public long? Ipv4Count { get; set; }

        protected override IEnumerable<string?> Summary()
        {
            foreach (var part in base.Summary()) yield return part;
            yield return OutputText.Labeled("files", OutputText.Number(FilesCount));
            yield return OutputText.Labeled("URLs", OutputText.Number(UrlsCount));
            yield return OutputText.Labeled("IPv4", OutputText.Number(Ipv4Count));
        }
    }
}
