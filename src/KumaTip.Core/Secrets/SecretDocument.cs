using System;

namespace KumaTip.Core.Secrets
{
    /// <summary>A secret as stored in the <c>secrets</c> collection: every value encrypted, the rest in the clear.</summary>
    public sealed class SecretDocument
    {
        /// <summary>Tenant and name, upper-cased: makes names unique per tenant regardless of case.</summary>
        public string Id { get; set; } = string.Empty;
        public string Tenant { get; set; } = string.Empty;
        public string TenantKey { get; set; } = string.Empty;
        public string Name { get; set; } = string.Empty;
        public string Type { get; set; } = SecretTypes.Ktl;
        public string UserMasked { get; set; } = string.Empty;
        public byte[] User { get; set; } = new byte[0];
        public byte[] Password { get; set; } = new byte[0];
        public byte[] Certificate { get; set; } = new byte[0];
        public byte[]? CertificatePassword { get; set; }

        /// <summary><see cref="SecretAuthentication"/>; null in documents written before tokens, which are all certificate secrets.</summary>
        public string? Authentication { get; set; }

        /// <summary>The API token, encrypted; null for a certificate secret.</summary>
        public byte[]? ApiToken { get; set; }

        /// <summary>The token masked by <see cref="Masking.MaskToken"/>, so Get-TipSecret can show it without decrypting.</summary>
        public string? TokenHint { get; set; }
        public string? Description { get; set; }
        public string? CertificateSubject { get; set; }
        public string? CertificateThumbprint { get; set; }
        public DateTime? CertificateNotAfter { get; set; }
        public DateTime Created { get; set; }
        public DateTime Modified { get; set; }
    }
}
