using System;
using System.Linq;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace KumaTip.Core.Api
{
    /// <summary>
    /// Server certificate check for one endpoint: the platform's normal verdict, or — only when the sole problem is an
    /// untrusted root — a chain that builds to the one extra CA the user configured, with every other check passing
    /// (validity, host name). Never accepts everything.
    /// </summary>
    public sealed class TrustedCaValidator
    {
        private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

        private readonly X509Certificate2Collection? _trustedCas;

        /// <param name="trustedCas">The extra CA(s) of the endpoint; null or empty = the platform's trust only.</param>
        public TrustedCaValidator(X509Certificate2Collection? trustedCas) => _trustedCas = trustedCas != null && trustedCas.Count > 0 ? trustedCas : null;

        /// <summary>
        /// Accepts or refuses one server certificate. <paramref name="refusal"/> says why it was refused (null when accepted);
        /// it belongs to this call, so concurrent handshakes never see each other's reasons. The platform's chain lends its
        /// certificates (the intermediates the server sent) to the chain built to the configured CA.
        /// </summary>
        public bool Validate(X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors, out string? refusal)
        {
            var accepted = Check(certificate, chain, errors, out var reason);
            refusal = accepted ? null : reason;
            return accepted;
        }

        private bool Check(X509Certificate2? certificate, X509Chain? platformChain, SslPolicyErrors errors, out string reason)
        {
            reason = "";
            if (errors == SslPolicyErrors.None) return true;
            if (certificate == null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
            {
                reason = "the server sent no certificate";
                return false;
            }

            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                reason = $"the server certificate ({certificate.Subject}) is not issued for this host name";
                return false;
            }

            if (_trustedCas == null)
            {
                reason = $"the server certificate ({certificate.Subject}, issued by {certificate.Issuer}) does not chain to a trusted CA";
                return false;
            }

            using (var custom = new X509Chain())
            {
                custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                custom.ChainPolicy.ExtraStore.AddRange(_trustedCas);
                // Intermediates the server sent under the configured root: the platform chain holds them (skip the leaf).
                if (platformChain != null)
                {
                    foreach (var element in platformChain.ChainElements.Cast<X509ChainElement>().Skip(1))
                    {
                        custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                    }
                }

                // The platform requires a TLS server certificate; so does the chain to the configured CA.
                custom.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuthentication));
                // netstandard2.0 has no CustomRootTrust: allow an unknown root here, then require that root to be ours.
                custom.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
                custom.Build(certificate);
                var elements = custom.ChainElements.Cast<X509ChainElement>().ToList();
                var root = elements.LastOrDefault()?.Certificate;
                if (root == null || !_trustedCas.Cast<X509Certificate2>().Any(ca => string.Equals(root.Thumbprint, ca.Thumbprint, StringComparison.OrdinalIgnoreCase)))
                {
                    reason = $"the server certificate ({certificate.Subject}, issued by {certificate.Issuer}) chains neither to a trusted CA nor to the configured CA ({_trustedCas[0].Subject})";
                    return false;
                }

                var problems = elements
                    .SelectMany(e => e.ChainElementStatus)
                    .Where(s => s.Status != X509ChainStatusFlags.NoError && s.Status != X509ChainStatusFlags.UntrustedRoot)
                    .Select(s => s.Status == X509ChainStatusFlags.NotValidForUsage ? "not issued for TLS server authentication (serverAuth)" : s.Status.ToString())
                    .Distinct()
                    .ToList();
                if (problems.Count > 0)
                {
                    reason = $"the server certificate ({certificate.Subject}) chains to the configured CA but is not valid: {string.Join(", ", problems)}";
                    return false;
                }

                return true;
            }
        }
    }
}
