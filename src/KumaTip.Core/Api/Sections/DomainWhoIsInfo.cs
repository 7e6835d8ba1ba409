using System;
using System.Collections.Generic;
using KumaTip.Core.Output;

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

        protected override IEnumerable<string?> Summary()
        {
            yield return OutputText.Labeled("registrar", Registrar?.ToString());
            yield return OutputText.Labeled("created", OutputText.Date(Created));
            yield return OutputText.Labeled("expires", OutputText.Date(Expires));
            foreach (var part in base.Summary()) yield return part;
        }
    }
}
