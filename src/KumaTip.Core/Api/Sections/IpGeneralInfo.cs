using System;
using System.Collections.Generic;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>IpGeneralInfo of an IP lookup. ThreatScore over 74 means dangerous, 50-74 not trusted.</summary>
    public sealed class IpGeneralInfo : GeneralInfo
    {
        public string? Ip { get; set; }

        public int? ThreatScore { get; set; }

        public string? CountryCode { get; set; }

        public string? Status { get; set; }
    }
}
