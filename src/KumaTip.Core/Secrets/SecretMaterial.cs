namespace KumaTip.Core.Secrets
{
    /// <summary>
    /// A secret's decrypted values, held only in memory for as long as a connection is being built: the user, password
    /// and certificate of a certificate secret, or the token of a token secret (the others then empty).
    /// </summary>
    internal sealed class SecretMaterial
    {
        public SecretMaterial(string user, string password, byte[] certificate, string? certificatePassword, string? apiToken = null)
        {
            User = user;
            Password = password;
            Certificate = certificate;
            CertificatePassword = certificatePassword;
            ApiToken = apiToken;
        }

        public string User { get; }
        public string Password { get; }
        public byte[] Certificate { get; }
        public string? CertificatePassword { get; }

        /// <summary>The API token of a token secret; null for a certificate secret.</summary>
        public string? ApiToken { get; }
    }
}
