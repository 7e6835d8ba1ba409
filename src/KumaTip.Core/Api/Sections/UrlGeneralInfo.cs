using System;
using System.Collections.Generic;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>UrlGeneralInfo of a URL lookup; Host is the upper-level domain.</summary>
    public sealed class UrlGeneralInfo : GeneralInfo
    {
        public string? Url { get; set; }

        public string? Host { get; set; }

        public long? FilesCount { get; set; }

        public long? Ipv4Count { get; set; }

        protected override IEnumerable<string?> Summary()
        {
            foreach (var part in base.Summary()) yield return part;
            yield return OutputText.Labeled("host", Host);
            yield return OutputText.Labeled("files", OutputText.Number(FilesCount));
            yield return OutputText.Labeled("IPv4", OutputText.Number(Ipv4Count));
        }
    }
}
