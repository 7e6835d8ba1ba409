namespace KumaTip.Core.Secrets
{
    /// <summary>A secret's decrypted values, held only in memory for as long as a connection is being built.</summary>
    internal sealed class SecretMaterial
    {
        public SecretMaterial(string user, string password, byte[] certificate, string? certificatePassword)
        {
            User = user;
            Password = password;
            Certificate = certificate;
            CertificatePassword = certificatePassword;
        }

        public string User { get; }
        public string Password { get; }
        public byte[] Certificate { get; }
        public string? CertificatePassword { get; }
    }
}
