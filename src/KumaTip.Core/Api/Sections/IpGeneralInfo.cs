using System;
using System.Collections.Generic;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>IpGeneralInfo of an IP lookup. ThreatScore over 74 means dangerous, 50-74 not trusted.</summary>
    public sealed class IpGeneralInfo : GeneralInfo
    {
        public string? Ip { get; set; }

        public int? ThreatScore { get; set; }

        public string? CountryCode { get; set; }

        public string? Status { get; set; }

        protected override IEnumerable<string?> Summary()
        {
            foreach (var part in base.Summary()) yield return part;
            yield return OutputText.Labeled("threat score", ThreatScore?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            yield return OutputText.Labeled("country", CountryCode);
            yield return Status;
        }
    }
}
