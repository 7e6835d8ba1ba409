namespace KumaTip.Core.Secrets
{
    /// <summary>
    /// The parts of a secret to replace; null leaves a part as it is. A new certificate without a password is opened
    /// with the stored password, and a new password alone re-checks the stored certificate.
    /// </summary>
    public sealed class SecretUpdate
    {
        public string? User { get; set; }
        public string? Password { get; set; }
        public byte[]? Certificate { get; set; }
        public string? CertificatePassword { get; set; }
        public string CertificateSource { get; set; } = "certificate";
        public string? Description { get; set; }

        /// <summary>A new API token for a token secret (rotation); refused for a certificate secret.</summary>
        public string? ApiToken { get; set; }
    }
}
