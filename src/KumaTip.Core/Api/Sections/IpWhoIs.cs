using System;
using System.Collections.Generic;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>IpWhoIs of an IP lookup.</summary>
    public sealed class IpWhoIs : WhoIsInfo
    {
        public IpNet? Net { get; set; }

        public List<AsnRecord>? Asn { get; set; }
    }
}
