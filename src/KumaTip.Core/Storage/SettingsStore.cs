using System;
using System.Collections.Generic;
using System.Linq;
using KumaTip.Core.Secrets;
using LiteDB;

namespace KumaTip.Core.Storage
{
    /// <summary>
    /// Each tenant's "Kaspersky Threat Lookup" connection in the <c>settings</c> collection (one document per
    /// tenant). A tenant that never set anything gets the defaults. The proxy credential is encrypted.
    /// </summary>
    public sealed class SettingsStore
    {
        private readonly ILiteCollection<SettingsDocument> _settings;
        private readonly SecretStore _secrets;
        private readonly SecretProtector _protector;
        private readonly TimeProvider _time;

        public SettingsStore(TipDatabase database, SecretStore secrets, SecretProtector protector, TimeProvider? time = null)
        {
            _settings = database.Db.GetCollection<SettingsDocument>(TipDatabase.Settings);
            _secrets = secrets;
            _protector = protector;
            _time = time ?? TimeProvider.System;
        }

        /// <summary>The tenant's settings, or the defaults when it has none stored.</summary>
        public TipSettings Get(string tenant) => ToSettings(Load(Tenants.Normalize(tenant)));

        /// <summary>Validates and applies the changes; nothing is stored when any of them is refused.</summary>
        public TipSettings Update(string tenant, SettingsUpdate update)
        {
            tenant = Tenants.Normalize(tenant);
            var d = Load(tenant);
            if (update.Disabled.HasValue) d.Disabled = update.Disabled.Value;
            if (update.ClearSecret)
            {
                d.Secret = null;
            }
            else if (update.Secret != null)
            {
                var secret = _secrets.Find(tenant, update.Secret)
                             ?? throw new TipSettingsException("Secret",
                                 $"There is no secret named '{update.Secret}' in tenant '{tenant}'. Create it with New-TipSecret -Tenant '{tenant}' first, or pick one Get-TipSecret -Tenant '{tenant}' lists.");
                d.Secret = secret.Name;
            }
            if (update.Endpoint != null) d.Endpoint = ValidateEndpoint(update.Endpoint);
            if (update.ClearProxy) d.Proxy = null;
            else if (update.Proxy != null) d.Proxy = ValidateProxy(update.Proxy);
            if (update.ProxyBypass != null) d.ProxyBypass = ValidateProxyBypass(update.ProxyBypass);
            if (update.ClearProxyCredential)
            {
                d.ProxyUser = d.ProxyPassword = null;
                d.ProxyUserMasked = null;
            }
            else if (update.ProxyUser != null)
            {
                if (update.ProxyUser.Trim().Length == 0)
                {
                    throw new TipSettingsException("ProxyCredential", "The proxy user name is empty. Give the proxy's user and password, or $null to use no proxy credential.");
                }
                d.ProxyUser = _protector.ProtectString(update.ProxyUser);
                d.ProxyPassword = _protector.ProtectString(update.ProxyPassword ?? string.Empty);
                d.ProxyUserMasked = Masking.MaskUser(update.ProxyUser);
            }
            if (update.ClearTrustedCa)
            {
                d.TrustedCaPem = d.TrustedCaSubject = d.TrustedCaThumbprint = null;
            }
            else if (update.TrustedCa != null)
            {
                var ca = CaCertificate.Read(update.TrustedCa, update.TrustedCaSource);
                d.TrustedCaPem = ca.Pem;
                d.TrustedCaSubject = ca.Subject;
                d.TrustedCaThumbprint = ca.Thumbprint;
            }
            if (update.MaxRecords.HasValue)
            {
                if (update.MaxRecords < 1 || update.MaxRecords > TipSettings.MaxRecordsLimit)
                {
                    throw new TipSettingsException("MaxRecords", $"MaxRecords {update.MaxRecords} is out of range. Give 1–{TipSettings.MaxRecordsLimit} records per data group.");
                }
                d.MaxRecords = update.MaxRecords.Value;
            }
            if (update.CacheTtl.HasValue)
            {
                if (update.CacheTtl.Value <= TimeSpan.Zero)
                {
                    throw new TipSettingsException("CacheTtl", $"CacheTtl '{update.CacheTtl}' must be longer than zero, e.g. 7.00:00:00 for a week.");
                }
                d.CacheTtlTicks = update.CacheTtl.Value.Ticks;
            }
            if (update.ThrottleLimit.HasValue)
            {
                if (update.ThrottleLimit < 1 || update.ThrottleLimit > TipSettings.ThrottleLimitMaximum)
                {
                    throw new TipSettingsException("ThrottleLimit", $"ThrottleLimit {update.ThrottleLimit} is out of range. Give 1–{TipSettings.ThrottleLimitMaximum} concurrent requests.");
                }
                d.ThrottleLimit = update.ThrottleLimit.Value;
            }
            d.Modified = _time.GetUtcNow().UtcDateTime;
            _settings.Upsert(d);
            return ToSettings(d);
        }

        /// <summary>Tenants that have settings (for tab completion).</summary>
        public IReadOnlyList<string> TenantNames() => _settings.FindAll().Select(s => s.Tenant).ToList();

        /// <summary>The stored document (encrypted parts included) for building a connection. Never leaves Core.</summary>
        internal SettingsDocument LoadDocument(string tenant) => Load(Tenants.Normalize(tenant));

        internal (string User, string Password)? RevealProxyCredential(SettingsDocument d)
            => d.ProxyUser == null ? ((string, string)?)null
                : (_protector.UnprotectString(d.ProxyUser), d.ProxyPassword == null ? string.Empty : _protector.UnprotectString(d.ProxyPassword));

        private SettingsDocument Load(string tenant)
            => _settings.FindById(Tenants.Key(tenant)) ?? new SettingsDocument { Id = Tenants.Key(tenant), Tenant = tenant };

        private static string ValidateEndpoint(Uri endpoint)
        {
            if (!endpoint.IsAbsoluteUri || endpoint.Scheme != Uri.UriSchemeHttps || !string.IsNullOrEmpty(endpoint.UserInfo))
            {
                throw new TipSettingsException("Endpoint",
                    $"The endpoint {Shown(endpoint)} is not an https address without user information. Give the portal's base address, e.g. {TipSettings.DefaultEndpoint}.");
            }
            return endpoint.GetLeftPart(UriPartial.Authority) + endpoint.AbsolutePath.TrimEnd('/');
        }

        private static string ValidateProxy(Uri proxy)
        {
            if (!proxy.IsAbsoluteUri || (proxy.Scheme != Uri.UriSchemeHttp && proxy.Scheme != Uri.UriSchemeHttps) || !string.IsNullOrEmpty(proxy.UserInfo))
            {
                throw new TipSettingsException("Proxy",
                    $"The proxy {Shown(proxy)} is not an http(s) address without user information. Give e.g. http://proxy.corp:3128 and the login with -ProxyCredential.");
            }
            return proxy.GetLeftPart(UriPartial.Authority);
        }

        private static string[]? ValidateProxyBypass(IEnumerable<string?> entries)
        {
            var list = new List<string>();
            foreach (var raw in entries)
            {
                var entry = raw?.Trim() ?? "";
                if (entry.Length == 0) continue;
                if (entry.IndexOf('@') >= 0)
                {
                    throw new TipSettingsException("ProxyBypass",
                        "A -ProxyBypass entry contains '@' (not shown: it may hold a password). Give host names only, e.g. *.corp.local, 10.*, <local>.");
                }
                if (entry.Any(char.IsWhiteSpace) || entry.Length > 255)
                {
                    throw new TipSettingsException("ProxyBypass",
                        $"The -ProxyBypass entry '{entry}' is not a host name pattern. Give one host per entry, e.g. *.corp.local, 10.*, <local>.");
                }
                if (!list.Contains(entry, StringComparer.OrdinalIgnoreCase)) list.Add(entry);
            }
            return list.Count == 0 ? null : list.ToArray();
        }

        // An address typed with user:password must not be echoed: show scheme, host and port only. Without a scheme
        // ("user:pass@proxy:3128") Uri takes "user" for the scheme, so such text is not shown at all.
        private static string Shown(Uri uri)
        {
            if (uri.IsAbsoluteUri && uri.Host.Length > 0)
            {
                var userInfo = string.IsNullOrEmpty(uri.UserInfo) ? "" : "***@";
                return $"'{uri.Scheme}://{userInfo}{uri.Host}{(uri.IsDefaultPort ? "" : ":" + uri.Port)}'";
            }

            return uri.OriginalString.IndexOf('@') >= 0
                ? "value is malformed (not shown: it contains '@' and may hold a password) and"
                : $"'{uri.OriginalString}'";
        }

        private TipSettings ToSettings(SettingsDocument d) => new TipSettings
        {
            Tenant = d.Tenant,
            Disabled = d.Disabled,
            Secret = d.Secret,
            SecretAuthentication = d.Secret == null ? null : _secrets.Find(d.Tenant, d.Secret)?.Authentication,
            Endpoint = new Uri(d.Endpoint),
            Proxy = d.Proxy == null ? null : new Uri(d.Proxy),
            ProxyBypass = d.ProxyBypass ?? Array.Empty<string>(),
            ProxyUser = d.ProxyUserMasked,
            TrustedCa = d.TrustedCaSubject,
            TrustedCaThumbprint = d.TrustedCaThumbprint,
            MaxRecords = d.MaxRecords,
            CacheTtl = TimeSpan.FromTicks(d.CacheTtlTicks),
            ThrottleLimit = d.ThrottleLimit,
            Modified = d.Modified.HasValue ? StoredTime.Utc(d.Modified.Value) : (DateTimeOffset?)null,
        };
    }
}
