using System;

namespace KumaTip.Core.Secrets
{
    /// <summary>
    /// A stored Threat Lookup secret as users see it: how it signs in and which certificate it carries, never a secret
    /// value. The user name is masked (first two characters), an API token to its last four.
    /// </summary>
    public sealed class TipSecret
    {
        /// <summary>The secret's name, unique per tenant (case-insensitive).</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>The tenant the secret belongs to.</summary>
        public string Tenant { get; set; } = string.Empty;

        /// <summary>The secret type; <c>ktl</c> (Kaspersky Threat Lookup).</summary>
        public string Type { get; set; } = SecretTypes.Ktl;

        /// <summary>How the secret signs in: <c>Certificate</c> (user, password and client certificate) or <c>ApiToken</c>.</summary>
        public string Authentication { get; set; } = SecretAuthentication.Certificate;

        /// <summary>The TIP user name, masked like <c>an*****</c>; empty for a token secret.</summary>
        public string User { get; set; } = string.Empty;

        public string? Description { get; set; }

        /// <summary>The API token masked to its last four characters (<c>*****x7Qa</c>), to tell a rotated token from the old one; empty for a certificate secret.</summary>
        public string? TokenHint { get; set; }

        /// <summary>Subject of the client certificate in the stored PFX.</summary>
        public string? CertificateSubject { get; set; }

        public string? CertificateThumbprint { get; set; }

        /// <summary>When the client certificate expires (UTC).</summary>
        public DateTimeOffset? CertificateNotAfter { get; set; }

        public DateTimeOffset Created { get; set; }

        public DateTimeOffset Modified { get; set; }

        public override string ToString() => Tenant + "/" + Name;
    }
}
