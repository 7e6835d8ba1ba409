using System;
using System.Linq;
using KumaTip.Core.Api;
using KumaTip.Core.Secrets;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Connection
{
    /// <summary>
    /// Turns a tenant's stored settings and secret into <see cref="TipConnectionOptions"/>, decrypting in memory.
    /// Refuses, before any request, when the connection is disabled or has no usable secret.
    /// </summary>
    public sealed class ConnectionResolver
    {
        private readonly SettingsStore _settings;
        private readonly SecretStore _secrets;

        public ConnectionResolver(SettingsStore settings, SecretStore secrets)
        {
            _settings = settings;
            _secrets = secrets;
        }

        /// <summary>The options to build a client with.</summary>
        /// <exception cref="TipConnectionUnavailableException">Disabled, no secret set, the secret is gone or unreadable.</exception>
        public TipConnectionOptions Resolve(string tenant)
        {
            tenant = Tenants.Normalize(tenant);
            var settings = _settings.LoadDocument(tenant);
            if (settings.Disabled)
            {
                throw new TipConnectionUnavailableException(tenant, ConnectionUnavailableReason.Disabled,
                    $"The Kaspersky Threat Lookup connection for tenant '{tenant}' is disabled; no request was made. " +
                    $"Enable it with Set-TipSettings -Tenant '{tenant}' -Disabled:$false.");
            }
            if (string.IsNullOrEmpty(settings.Secret))
            {
                // A secret that exists but was never chosen is the usual case after New-TipSecret: name it.
                var existing = _secrets.List(tenant);
                var cure = existing.Count == 0
                    ? $"Create one with New-TipSecret -Tenant '{tenant}' and set it with Set-TipSettings -Tenant '{tenant}' -Secret <name>."
                    : $"Choose the secret with Set-TipSettings -Tenant '{tenant}' -Secret '{existing[0].Name}'" +
                      (existing.Count > 1 ? $" (this tenant has {existing.Count}: {string.Join(", ", existing.Select(e => "'" + e.Name + "'"))})." : ".");
                throw new TipConnectionUnavailableException(tenant, ConnectionUnavailableReason.NoSecret,
                    $"The Kaspersky Threat Lookup connection for tenant '{tenant}' has no secret selected; no request was made. " + cure);
            }
            if (_secrets.Find(tenant, settings.Secret!) == null)
            {
                throw new TipConnectionUnavailableException(tenant, ConnectionUnavailableReason.SecretMissing,
                    $"The secret '{settings.Secret}' that the connection for tenant '{tenant}' uses does not exist; no request was made. " +
                    $"Create it with New-TipSecret -Tenant '{tenant}' -Name '{settings.Secret}', or set another with Set-TipSettings -Secret.");
            }
            try
            {
                var material = _secrets.Reveal(tenant, settings.Secret!);
                var proxyCredential = _settings.RevealProxyCredential(settings);
                var endpoint = settings.Endpoint.EndsWith("/", StringComparison.Ordinal) ? settings.Endpoint : settings.Endpoint + "/";
                return new TipConnectionOptions
                {
                    Tenant = settings.Tenant,
                    Endpoint = new Uri(endpoint),
                    User = material.User,
                    Password = material.Password,
                    PfxBytes = material.Certificate,
                    PfxPassword = material.CertificatePassword ?? string.Empty,
                    ApiToken = material.ApiToken,
                    Proxy = settings.Proxy == null ? null : new Uri(settings.Proxy),
                    ProxyUser = proxyCredential?.User,
                    ProxyPassword = proxyCredential?.Password,
                    ProxyBypass = settings.ProxyBypass ?? Array.Empty<string>(),
                    TrustedCaPem = settings.TrustedCaPem,
                    ThrottleLimit = settings.ThrottleLimit,
                };
            }
            catch (TipSecretException ex)
            {
                throw new TipConnectionUnavailableException(tenant, ConnectionUnavailableReason.SecretUnreadable,
                    $"The connection for tenant '{tenant}' cannot use its secret '{settings.Secret}': {ex.Message}", ex);
            }
        }
    }
}
