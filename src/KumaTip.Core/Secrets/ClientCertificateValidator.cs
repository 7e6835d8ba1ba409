using System;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KumaTip.Core.Secrets
{
    /// <summary>
    /// Checks a PFX before it is stored: the password opens it, it holds a certificate with a private key, and that
    /// certificate is valid now. Keys are loaded ephemerally where the platform allows, so nothing is written to a
    /// key store or a temp file. Messages never contain the password.
    /// </summary>
    public static class ClientCertificateValidator
    {
        /// <summary>A certificate expiring sooner than this is accepted with a warning.</summary>
        public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(30);

        // X509KeyStorageFlags.EphemeralKeySet is not in the netstandard2.0 surface but exists on .NET Core 2.0+ and
        // .NET Framework 4.7.2+.
        private const X509KeyStorageFlags EphemeralKeySet = (X509KeyStorageFlags)32;

        public static ClientCertificateInfo Validate(byte[] pfx, string? password, DateTimeOffset now, string source)
        {
            if (pfx == null || pfx.Length == 0)
            {
                throw new TipSecretException(TipSecretError.InvalidCertificate, $"The certificate file '{source}' is empty. Give the PFX file Kaspersky issued for the API.");
            }
            var collection = Import(pfx, password, source);
            try
            {
                var certificate = collection.Cast<X509Certificate2>().FirstOrDefault(c => c.HasPrivateKey);
                if (certificate == null)
                {
                    throw new TipSecretException(TipSecretError.NoPrivateKey,
                        $"The certificate file '{source}' holds no private key. The API needs the client certificate with its key: " +
                        "export it as PFX (PKCS#12) including the private key.");
                }
                var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
                var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
                if (notAfter <= now)
                {
                    throw new TipSecretException(TipSecretError.CertificateExpired,
                        $"The certificate '{certificate.Subject}' in '{source}' expired on {notAfter:yyyy-MM-dd}. Request a new certificate on the Kaspersky TIP portal.");
                }
                if (notBefore > now)
                {
                    throw new TipSecretException(TipSecretError.CertificateNotYetValid,
                        $"The certificate '{certificate.Subject}' in '{source}' is not valid before {notBefore:yyyy-MM-dd HH:mm} UTC. Check the system clock or use the current certificate.");
                }
                string? warning = null;
                if (notAfter - now < ExpiryWarning)
                {
                    warning = $"The certificate '{certificate.Subject}' expires on {notAfter:yyyy-MM-dd} (in {Math.Max(0, (int)(notAfter - now).TotalDays)} days). Request a new one on the Kaspersky TIP portal and update the secret with Set-TipSecret.";
                }
                return new ClientCertificateInfo(certificate.Subject, certificate.Thumbprint, notAfter, warning);
            }
            finally
            {
                foreach (var c in collection) c.Dispose();
            }
        }

        private static X509Certificate2Collection Import(byte[] pfx, string? password, string source)
        {
            var collection = new X509Certificate2Collection();
            try
            {
                try
                {
                    collection.Import(pfx, password, EphemeralKeySet);
                }
                catch (PlatformNotSupportedException)
                {
                    // macOS cannot hold ephemeral keys; the default set there is the process's own keychain view.
                    collection.Import(pfx, password, X509KeyStorageFlags.DefaultKeySet);
                }
            }
            catch (CryptographicException ex)
            {
                throw new TipSecretException(TipSecretError.WrongCertificatePassword,
                    $"The certificate file '{source}' could not be opened: the certificate password is wrong, or the file is not a PFX (PKCS#12) file. " +
                    "Check -CertificatePassword; nothing was stored.", ex);
            }
            if (collection.Count == 0)
            {
                throw new TipSecretException(TipSecretError.InvalidCertificate, $"The certificate file '{source}' holds no certificate. Give the PFX file Kaspersky issued for the API.");
            }
            return collection;
        }
    }
}
