using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace KumaTip.Core.Storage
{
    /// <summary>Reads an extra trusted CA from PEM or DER bytes and keeps it as PEM text.</summary>
    public sealed class CaCertificate
    {
        private static readonly Regex PemBlock = new Regex(
            "-----BEGIN CERTIFICATE-----(?<body>[A-Za-z0-9+/=\\s]+?)-----END CERTIFICATE-----", RegexOptions.Compiled);

        private CaCertificate(string pem, string subject, string thumbprint)
        {
            Pem = pem;
            Subject = subject;
            Thumbprint = thumbprint;
        }

        public string Pem { get; }
        public string Subject { get; }
        public string Thumbprint { get; }

        public static CaCertificate Read(byte[] bytes, string source)
        {
            byte[] der;
            var text = Encoding.ASCII.GetString(bytes);
            var match = PemBlock.Match(text);
            try
            {
                der = match.Success ? Convert.FromBase64String(Regex.Replace(match.Groups["body"].Value, "\\s", "")) : bytes;
                using var certificate = new X509Certificate2(der);
                var pem = "-----BEGIN CERTIFICATE-----\n" + Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks).Replace("\r\n", "\n") +
                          "\n-----END CERTIFICATE-----\n";
                return new CaCertificate(pem, certificate.Subject, certificate.Thumbprint);
            }
            catch (Exception ex) when (ex is CryptographicException || ex is FormatException)
            {
                throw new TipSettingsException("TrustedCaPath",
                    $"'{source}' is not a certificate. Give the CA certificate as a PEM (BEGIN CERTIFICATE) or DER file.", ex);
            }
        }
    }
}
