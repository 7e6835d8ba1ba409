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
    }
}
