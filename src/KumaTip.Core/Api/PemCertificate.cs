using System;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace KumaTip.Core.Api
{
    /// <summary>Reads the certificates of a PEM text (netstandard2.0 has no PEM loader).</summary>
    public static class PemCertificate
    {
        private static readonly Regex Block = new Regex(@"-----BEGIN CERTIFICATE-----(?<body>[A-Za-z0-9+/=\s]+?)-----END CERTIFICATE-----", RegexOptions.CultureInvariant);

        /// <summary>Every certificate in the text, in order.</summary>
        /// <exception cref="ArgumentException">The text holds no readable certificate.</exception>
        public static X509Certificate2Collection ReadAll(string pem)
        {
            var result = new X509Certificate2Collection();
            foreach (Match match in Block.Matches(pem ?? ""))
            {
                try
                {
                    result.Add(new X509Certificate2(Convert.FromBase64String(Regex.Replace(match.Groups["body"].Value, @"\s", ""))));
                }
                catch (FormatException)
                {
                }
                catch (System.Security.Cryptography.CryptographicException)
                {
                }
            }

            if (result.Count == 0)
            {
                throw new ArgumentException("The trusted CA holds no readable PEM certificate (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----). "
                    + "Give Set-TipSettings -TrustedCaPath the CA certificate in PEM form.", nameof(pem));
            }

            return result;
        }
    }
}
