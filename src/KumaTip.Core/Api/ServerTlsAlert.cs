using System;
using System.Text.RegularExpressions;

namespace KumaTip.Core.Api
{
    /// <summary>
    /// A TLS alert with which the server refused the connection ("unknown ca" for a client certificate from a CA it does
    /// not trust), read from the platform's error text, and what it asks the user to check. With TLS 1.3 the server judges
    /// the client certificate after the client's side of the handshake is done, so its alert arrives with the first read
    /// as an I/O error, not as an authentication failure: without this, a refusal would look like a dropped connection
    /// and be retried. Only the alerts that mean "this will not pass until the certificate or set-up changes" count.
    /// </summary>
    internal sealed class ServerTlsAlert
    {
        // OpenSSL's wording (Linux, where .NET uses OpenSSL): "error:0A000418:SSL routines::tlsv1 alert unknown ca".
        private static readonly Regex OpenSslAlert = new Regex(@"\b(?:sslv3|tlsv1|tlsv13)\s+alert\s+([a-z]+(?:\s[a-z]+)*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        private const string CheckCertificate =
            "Check that the secret holds the client certificate the portal issued for this account, with its PFX password "
            + "(Set-TipSecret -CertificatePath); Get-TipSecret shows the certificate's subject and expiry.";

        private const string RenewCertificate =
            "Get a new client certificate from the portal and store it with Set-TipSecret -CertificatePath; Get-TipSecret shows the certificate's expiry.";

        private ServerTlsAlert(string name, string meaning, string action)
        {
            Name = name;
            Meaning = meaning;
            Action = action;
        }

        /// <summary>The alert as the TLS library names it, lower case: "unknown ca", "certificate expired".</summary>
        public string Name { get; }

        /// <summary>What the server said by it, completing "…, which means …".</summary>
        public string Meaning { get; }

        /// <summary>What to check or do.</summary>
        public string Action { get; }

        /// <summary>The refusing alert found anywhere in <paramref name="exception"/>'s chain, or null.</summary>
        public static ServerTlsAlert? Find(Exception exception)
        {
            for (var e = exception; e != null; e = e.InnerException)
            {
                var match = OpenSslAlert.Match(e.Message);
                if (!match.Success) continue;
                var alert = For(match.Groups[1].Value.ToLowerInvariant());
                if (alert != null) return alert;
            }

            return null;
        }

        private static ServerTlsAlert? For(string name)
        {
            switch (name)
            {
                case "unknown ca":
                    return new ServerTlsAlert(name, "it does not trust the CA that issued this client's certificate", CheckCertificate);
                case "bad certificate":
                case "unsupported certificate":
                case "certificate unknown":
                    return new ServerTlsAlert(name, "it did not accept this client's certificate", CheckCertificate);
                case "access denied":
                    return new ServerTlsAlert(name, "it accepted this client's certificate but denies it access", CheckCertificate);
                case "certificate required":
                    return new ServerTlsAlert(name, "it requires a client certificate and none was sent",
                        "Store the client certificate the portal issued for this account in the secret (Set-TipSecret -CertificatePath).");
                case "certificate expired":
                    return new ServerTlsAlert(name, "it says this client's certificate has expired", RenewCertificate);
                case "certificate revoked":
                    return new ServerTlsAlert(name, "it says this client's certificate was revoked", RenewCertificate);
                case "handshake failure":
                    return new ServerTlsAlert(name, "it could not complete the handshake; servers say so when the client certificate is missing or not accepted, "
                        + "or when no TLS version or cipher is shared", CheckCertificate);
                case "protocol version":
                case "insufficient security":
                    return new ServerTlsAlert(name, "it does not accept the TLS version or ciphers this system offers",
                        "Make sure this system offers TLS 1.2 or later; a TLS-inspecting proxy in the way can also cause this.");
                default:
                    // Other alerts (internal error, decode error…) say nothing about the set-up: they are handled as a drop.
                    return null;
            }
        }
    }
}
