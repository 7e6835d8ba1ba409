using System;
using System.Collections.Generic;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>DomainWhoIsInfo (domain lookups) and UrlDomainWhoIs (URL lookups).</summary>
    public sealed class DomainWhoIsInfo : WhoIsInfo
    {
        public string? DomainName { get; set; }

        public DateTimeOffset? Created { get; set; }

        public DateTimeOffset? Updated { get; set; }

        public DateTimeOffset? Expires { get; set; }

        public List<string>? NameServers { get; set; }

        public List<string>? DomainStatus { get; set; }

        public string? RegistrationOrganization { get; set; }

        public Registrar? Registrar { get; set; }
    }
}
