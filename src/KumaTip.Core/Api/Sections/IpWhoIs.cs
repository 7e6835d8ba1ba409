using System;
using System.Collections.Generic;
using System.Linq;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>IpWhoIs of an IP lookup.</summary>
    public sealed class IpWhoIs : WhoIsInfo
    {
        public IpNet? Net { get; set; }

        public List<AsnRecord>? Asn { get; set; }

        protected override IEnumerable<string?> Summary()
        {
            yield return OutputText.Labeled("net", Net?.ToString());
            if (Asn != null) yield return OutputText.Join(", ", Asn.Select(a => a.ToString()));
            foreach (var part in base.Summary()) yield return part;
        }
    }
}
