using System;
using KumaTip.Core.Secrets;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Connection
{
    /// <summary>
    /// Warns about a connection's API token before it expires, as New-/Set-TipSecret warn about a client certificate.
    /// A token's expiry is not part of the token: only the portal knows it and reports it as LicenseInfo's
    /// TokenExpirationDate, so the check reads the tenant's last LicenseInfo, and only one seen since the token was
    /// stored (an older one may describe the token it replaced).
    /// </summary>
    public sealed class TokenExpiryCheck
    {
        private readonly SettingsStore _settings;
        private readonly SecretStore _secrets;
        private readonly Stores.ILicenseStore _licenses;
        private readonly TimeProvider _time;

        public TokenExpiryCheck(SettingsStore settings, SecretStore secrets, Stores.ILicenseStore licenses, TimeProvider? time = null)
        {
            _settings = settings;
            _secrets = secrets;
            _licenses = licenses;
            _time = time ?? TimeProvider.System;
        }

        /// <summary>The warning for <paramref name="tenant"/>'s connection, or null: no token secret, no expiry known, or far from it.</summary>
        public string? WarningFor(string tenant)
        {
            tenant = Tenants.Normalize(tenant);
            var name = _settings.Get(tenant).Secret;
            if (name == null) return null;
            var secret = _secrets.Find(tenant, name);
            if (secret == null || secret.Authentication != SecretAuthentication.ApiToken) return null;
            var last = _licenses.GetLast(tenant);
            if (last == null || last.SeenAt < secret.Modified) return null;
            return ApiTokenValidator.ExpiryWarningFor(secret.Name, last.Info.TokenExpirationDate, _time.GetUtcNow());
        }
    }
}
