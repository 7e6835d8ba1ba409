namespace KumaTip.Core.Secrets
{
    /// <summary>Why a secret operation failed.</summary>
    public enum TipSecretError
    {
        InvalidName,
        AlreadyExists,
        NotFound,
        InUse,
        KeyMissing,
        Tampered,
        WrongCertificatePassword,
        NoPrivateKey,
        CertificateExpired,
        CertificateNotYetValid,
        InvalidCertificate,
        InvalidCredential,
        InvalidToken,

        /// <summary>The change asked for belongs to the other kind of secret (a token for a certificate secret, or the reverse).</summary>
        WrongAuthentication,
    }
}
