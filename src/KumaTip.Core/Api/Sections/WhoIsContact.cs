using System;
using System.Collections.Generic;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>A WHOIS contact. Fields differ between domain and IP WHOIS and between API versions; this holds their union.</summary>
    public sealed class WhoIsContact
    {
        public string? ContactType { get; set; }

        public string? Role { get; set; }

        public string? Name { get; set; }

        public string? Organization { get; set; }

        public string? OrganizationId { get; set; }

        public string? Address { get; set; }

        public string? City { get; set; }

        public string? State { get; set; }

        public string? PostalCode { get; set; }

        public string? CountryCode { get; set; }

        public string? Phone { get; set; }

        public string? Fax { get; set; }

        public string? Email { get; set; }

        /// <summary><c>registrant: name, organization, country</c>: who, without the address, phone and e-mail.</summary>
        public override string ToString()
            => OutputText.Join(": ", ContactType ?? Role, OutputText.Join(", ", Name, Organization, CountryCode));
    }
}
