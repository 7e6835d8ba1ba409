using System;

namespace KumaTip.Core.Secrets
{
    /// <summary>
    /// A stored Threat Lookup secret as users see it: what it is and which certificate it carries, never a secret
    /// value. The user name is masked (first two characters).
    /// </summary>
    public sealed class TipSecret
    {
        /// <summary>The secret's name, unique per tenant (case-insensitive).</summary>
        public string Name { get; set; } = string.Empty;

        /// <summary>The tenant the secret belongs to.</summary>
        public string Tenant { get; set; } = string.Empty;

        /// <summary>The secret type; <c>ktl</c> (Kaspersky Threat Lookup).</summary>
        public string Type { get; set; } = SecretTypes.Ktl;

        /// <summary>The TIP user name, masked like <c>an*****</c>.</summary>
        public string User { get; set; } = string.Empty;

        public string? Description { get; set; }

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
