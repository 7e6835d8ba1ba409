using System;

namespace KumaTip.Core.Secrets
{
    /// <summary>What a validated client certificate (PFX) holds that is safe to show.</summary>
    public sealed class ClientCertificateInfo
    {
        public ClientCertificateInfo(string subject, string thumbprint, DateTimeOffset notAfter, string? warning)
        {
            Subject = subject;
            Thumbprint = thumbprint;
            NotAfter = notAfter;
            Warning = warning;
        }

        public string Subject { get; }

        public string Thumbprint { get; }

        public DateTimeOffset NotAfter { get; }

        /// <summary>Set when the certificate expires within <see cref="ClientCertificateValidator.ExpiryWarning"/>.</summary>
        public string? Warning { get; }
    }
}
