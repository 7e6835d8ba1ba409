using System;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KumaTip.Core.Api
{
    /// <summary>Loads the client certificate from PFX bytes in memory, leaving no key file behind.</summary>
    public static class TipClientCertificate
    {
        // X509KeyStorageFlags.EphemeralKeySet (32) exists on every runtime that runs us but not in the netstandard2.0 surface.
        private const X509KeyStorageFlags EphemeralKeySet = (X509KeyStorageFlags)32;

        /// <summary>
        /// Linux: EphemeralKeySet (the key never touches disk). Windows: SChannel cannot use ephemeral keys for TLS
        /// (dotnet/runtime#23749), so the key goes to the user key store unpersisted and is deleted when the
        /// certificate is disposed. macOS: EphemeralKeySet is not supported; the default keychain import is temporary.
        /// </summary>
        public static X509KeyStorageFlags StorageFlags
        {
            get
            {
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return X509KeyStorageFlags.UserKeySet;
                if (RuntimeInformation.IsOSPlatform(OSPlatform.OSX)) return X509KeyStorageFlags.DefaultKeySet;
                return EphemeralKeySet;
            }
        }

        /// <exception cref="TipApiException">Kind CertificateInvalid when the bytes are not a PFX or the password is wrong.</exception>
        public static X509Certificate2 Load(byte[] pfxBytes, string? pfxPassword)
        {
            if (pfxBytes == null || pfxBytes.Length == 0) throw new ArgumentException("No PFX bytes were given.", nameof(pfxBytes));
            X509Certificate2 certificate;
            try
            {
                certificate = new X509Certificate2(pfxBytes, pfxPassword, StorageFlags);
            }
            catch (CryptographicException)
            {
                // The inner exception is dropped on purpose: it adds nothing the user can act on.
                throw new TipApiException(TipApiErrorKind.CertificateInvalid,
                    "The client certificate could not be read: the PFX password is wrong or the file is not a PFX. "
                    + "Store the certificate and its password again with Set-TipSecret.");
            }

            if (!certificate.HasPrivateKey)
            {
                certificate.Dispose();
                throw new TipApiException(TipApiErrorKind.CertificateInvalid,
                    "The client certificate holds no private key, so the portal cannot accept it. Export the PFX with its private key and store it again with Set-TipSecret.");
            }

            return certificate;
        }
    }
}
