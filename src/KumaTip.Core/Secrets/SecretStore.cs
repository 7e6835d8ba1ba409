using System;
using System.Collections.Generic;
using System.Linq;
using KumaTip.Core.Storage;
using LiteDB;

namespace KumaTip.Core.Secrets
{
    /// <summary>
    /// Threat Lookup secrets in the <c>secrets</c> collection. Values (user, password, PFX, PFX password, or an API
    /// token) are encrypted by <see cref="SecretProtector"/> before they reach LiteDB; what comes back out is a
    /// <see cref="TipSecret"/> that holds none of them. Names are unique per tenant, ignoring case; nothing
    /// reads across tenants.
    /// </summary>
    public sealed class SecretStore
    {
        private const int MaxNameLength = 128;
        private readonly ILiteCollection<SecretDocument> _secrets;
        private readonly ILiteCollection<SettingsDocument> _settings;
        private readonly SecretProtector _protector;
        private readonly TimeProvider _time;

        public SecretStore(TipDatabase database, SecretProtector protector, TimeProvider? time = null)
        {
            _secrets = database.Db.GetCollection<SecretDocument>(TipDatabase.Secrets);
            _settings = database.Db.GetCollection<SettingsDocument>(TipDatabase.Settings);
            _protector = protector;
            _time = time ?? TimeProvider.System;
        }

        /// <summary>
        /// Validates the certificate (or the API token) and stores a new secret. <paramref name="warn"/> hears of a
        /// certificate about to expire (a token's expiry is only known once the portal answers: see LicenseInfo).
        /// </summary>
        public TipSecret Add(NewSecret secret, Action<string>? warn = null)
        {
            var tenant = Tenants.Normalize(secret.Tenant);
            var name = ValidateName(secret.Name);
            if (!string.Equals(secret.Type, SecretTypes.Ktl, StringComparison.OrdinalIgnoreCase))
            {
                throw new TipSecretException(TipSecretError.InvalidName, $"The secret type '{secret.Type}' is not supported. Use '{SecretTypes.Ktl}' (Kaspersky Threat Lookup).");
            }
            var now = _time.GetUtcNow();
            var id = Key(tenant, name);
            SecretDocument document;
            ClientCertificateInfo? certificate = null;
            if (secret.ApiToken != null)
            {
                if (!string.IsNullOrEmpty(secret.User) || !string.IsNullOrEmpty(secret.Password) || secret.Certificate.Length > 0)
                {
                    throw new TipSecretException(TipSecretError.WrongAuthentication,
                        $"The secret '{name}' was given both an API token and a user or certificate. A secret holds one or the other: give -ApiToken alone, or -Credential with -CertificatePath.");
                }
                var token = ApiTokenValidator.Validate(secret.ApiToken);
                RequireNew(id, name, tenant);
                document = NewDocument(id, tenant, name, secret.Description, now);
                document.Authentication = SecretAuthentication.ApiToken;
                document.ApiToken = _protector.ProtectString(token);
                document.TokenHint = Masking.MaskToken(token);
            }
            else
            {
                RequireCredential(secret.User, secret.Password);
                certificate = ClientCertificateValidator.Validate(secret.Certificate, secret.CertificatePassword, now, secret.CertificateSource);
                RequireNew(id, name, tenant);
                document = NewDocument(id, tenant, name, secret.Description, now);
                document.Authentication = SecretAuthentication.Certificate;
                document.UserMasked = Masking.MaskUser(secret.User);
                document.User = _protector.ProtectString(secret.User);
                document.Password = _protector.ProtectString(secret.Password);
                document.Certificate = _protector.Protect(secret.Certificate);
                document.CertificatePassword = secret.CertificatePassword == null ? null : _protector.ProtectString(secret.CertificatePassword);
                Apply(document, certificate);
            }
            try
            {
                _secrets.Insert(document);
            }
            catch (LiteException ex) when (ex.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
            {
                throw new TipSecretException(TipSecretError.AlreadyExists,
                    $"A secret named '{name}' already exists in tenant '{tenant}'. Change it with Set-TipSecret, or choose another name.", ex);
            }
            if (certificate?.Warning != null) warn?.Invoke(certificate.Warning);
            return ToSecret(document);
        }

        private void RequireNew(string id, string name, string tenant)
        {
            if (_secrets.FindById(id) != null)
            {
                throw new TipSecretException(TipSecretError.AlreadyExists,
                    $"A secret named '{name}' already exists in tenant '{tenant}'. Change it with Set-TipSecret, or choose another name.");
            }
        }

        private static SecretDocument NewDocument(string id, string tenant, string name, string? description, DateTimeOffset now) => new SecretDocument
        {
            Id = id,
            Tenant = tenant,
            TenantKey = Tenants.Key(tenant),
            Name = name,
            Type = SecretTypes.Ktl,
            Description = description,
            Created = now.UtcDateTime,
            Modified = now.UtcDateTime,
        };

        /// <summary>Every secret of the tenant, by name.</summary>
        public IReadOnlyList<TipSecret> List(string tenant)
        {
            var key = Tenants.Key(tenant);
            return _secrets.Find(s => s.TenantKey == key).OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Select(ToSecret).ToList();
        }

        /// <summary>The secret, or null when the tenant has none of that name.</summary>
        public TipSecret? Find(string tenant, string name)
        {
            var document = _secrets.FindById(Key(Tenants.Normalize(tenant), name?.Trim() ?? string.Empty));
            return document == null ? null : ToSecret(document);
        }

        /// <summary>
        /// Replaces the given parts of a secret; the certificate is re-validated whenever it or its password changes, and
        /// a new API token replaces a token secret's old one. Parts of the other kind of secret are refused, with nothing changed.
        /// </summary>
        public TipSecret Update(string tenant, string name, SecretUpdate update, Action<string>? warn = null)
        {
            tenant = Tenants.Normalize(tenant);
            var document = Load(tenant, name);
            var isToken = IsToken(document);
            if (isToken && (update.User != null || update.Password != null || update.Certificate != null || update.CertificatePassword != null))
            {
                throw new TipSecretException(TipSecretError.WrongAuthentication,
                    $"The secret '{document.Name}' in tenant '{tenant}' holds an API token, so it has no user, password or certificate to change; nothing was changed. " +
                    $"Rotate its token with Set-TipSecret -Name '{document.Name}' -ApiToken, or store a user and certificate as a new secret with New-TipSecret -Credential -CertificatePath " +
                    "and point the connection at it with Set-TipSettings -Secret.");
            }
            if (!isToken && update.ApiToken != null)
            {
                throw new TipSecretException(TipSecretError.WrongAuthentication,
                    $"The secret '{document.Name}' in tenant '{tenant}' holds a user and client certificate, not an API token; nothing was changed. " +
                    $"Store the token as a new secret with New-TipSecret -Name <name> -ApiToken (Read-Host -AsSecureString) and point the connection at it with Set-TipSettings -Secret <name>.");
            }
            var token = update.ApiToken == null ? null : ApiTokenValidator.Validate(update.ApiToken);
            if (token != null)
            {
                document.ApiToken = _protector.ProtectString(token);
                document.TokenHint = Masking.MaskToken(token);
            }
            if (update.User != null || update.Password != null)
            {
                var user = update.User ?? _protector.UnprotectString(document.User);
                var password = update.Password ?? _protector.UnprotectString(document.Password);
                RequireCredential(user, password);
                document.UserMasked = Masking.MaskUser(user);
                document.User = _protector.ProtectString(user);
                document.Password = _protector.ProtectString(password);
            }
            var now = _time.GetUtcNow();
            if (update.Certificate != null || update.CertificatePassword != null)
            {
                var pfx = update.Certificate ?? _protector.Unprotect(document.Certificate);
                var pfxPassword = update.CertificatePassword
                                  ?? (document.CertificatePassword == null ? null : _protector.UnprotectString(document.CertificatePassword));
                var source = update.Certificate != null ? update.CertificateSource : $"the stored certificate of secret '{document.Name}'";
                var certificate = ClientCertificateValidator.Validate(pfx, pfxPassword, now, source);
                document.Certificate = _protector.Protect(pfx);
                document.CertificatePassword = pfxPassword == null ? null : _protector.ProtectString(pfxPassword);
                Apply(document, certificate);
                if (certificate.Warning != null) warn?.Invoke(certificate.Warning);
            }
            if (update.Description != null)
            {
                document.Description = update.Description;
            }
            document.Modified = now.UtcDateTime;
            _secrets.Update(document);
            return ToSecret(document);
        }

        /// <summary>
        /// Deletes a secret. A secret the tenant's connection uses is refused unless <paramref name="force"/>; the
        /// connection then reports the missing secret until another is set.
        /// </summary>
        public void Remove(string tenant, string name, bool force)
        {
            tenant = Tenants.Normalize(tenant);
            var document = Load(tenant, name);
            if (!force && IsUsedByConnection(document))
            {
                throw new TipSecretException(TipSecretError.InUse,
                    $"The secret '{document.Name}' is used by the Kaspersky Threat Lookup connection of tenant '{tenant}'. " +
                    "Point the connection at another secret with Set-TipSettings -Secret, or remove it anyway with -Force.");
            }
            _secrets.Delete(document.Id);
        }

        /// <summary>True when the tenant's connection names this secret.</summary>
        public bool IsInUse(string tenant, string name)
        {
            var document = _secrets.FindById(Key(Tenants.Normalize(tenant), name?.Trim() ?? string.Empty));
            return document != null && IsUsedByConnection(document);
        }

        /// <summary>Tenants that own a secret (for tab completion).</summary>
        public IReadOnlyList<string> TenantNames() => _secrets.FindAll().Select(s => s.Tenant).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        /// <summary>Decrypts a secret's values for building a connection. Never leaves Core.</summary>
        internal SecretMaterial Reveal(string tenant, string name)
        {
            var document = Load(Tenants.Normalize(tenant), name);
            if (IsToken(document))
            {
                return new SecretMaterial(string.Empty, string.Empty, new byte[0], null,
                    document.ApiToken == null ? throw Tampered(document) : _protector.UnprotectString(document.ApiToken));
            }
            return new SecretMaterial(
                _protector.UnprotectString(document.User),
                _protector.UnprotectString(document.Password),
                _protector.Unprotect(document.Certificate),
                document.CertificatePassword == null ? null : _protector.UnprotectString(document.CertificatePassword));
        }

        private static bool IsToken(SecretDocument document) => string.Equals(document.Authentication, SecretAuthentication.ApiToken, StringComparison.Ordinal);

        private static TipSecretException Tampered(SecretDocument document) => new TipSecretException(TipSecretError.Tampered,
            $"The stored secret '{document.Name}' is a token secret without a token: the data file was changed outside KumaTip. Store the token again with Set-TipSecret -Name '{document.Name}' -ApiToken.");

        private bool IsUsedByConnection(SecretDocument document)
        {
            var settings = _settings.FindById(document.TenantKey);
            return settings?.Secret != null && string.Equals(settings.Secret, document.Name, StringComparison.OrdinalIgnoreCase);
        }

        private SecretDocument Load(string tenant, string name)
        {
            var document = _secrets.FindById(Key(tenant, name?.Trim() ?? string.Empty));
            if (document == null)
            {
                throw new TipSecretException(TipSecretError.NotFound,
                    $"There is no secret named '{name}' in tenant '{tenant}'. List the tenant's secrets with Get-TipSecret -Tenant '{tenant}', or create one with New-TipSecret.");
            }
            return document;
        }

        private static void Apply(SecretDocument document, ClientCertificateInfo certificate)
        {
            document.CertificateSubject = certificate.Subject;
            document.CertificateThumbprint = certificate.Thumbprint;
            document.CertificateNotAfter = certificate.NotAfter.UtcDateTime;
        }

        private static void RequireCredential(string? user, string? password)
        {
            if (string.IsNullOrWhiteSpace(user) || string.IsNullOrEmpty(password))
            {
                throw new TipSecretException(TipSecretError.InvalidCredential,
                    "The TIP user name and password must both be given (-Credential). Use the API user Kaspersky issued for Threat Lookup.");
            }
        }

        private static string ValidateName(string? name)
        {
            var n = (name ?? string.Empty).Trim();
            if (n.Length == 0 || n.Length > MaxNameLength || n.IndexOfAny(new[] { '*', '?', '[', ']' }) >= 0 || n.Any(char.IsControl))
            {
                throw new TipSecretException(TipSecretError.InvalidName,
                    $"'{Tenants.Shorten(name ?? string.Empty)}' ({n.Length} characters) is not a usable secret name. Give 1–{MaxNameLength} characters without wildcards (* ? [ ]) or control characters.");
            }
            return n;
        }

        internal static string Key(string tenant, string name) => Tenants.Key(tenant) + "\u001f" + name.ToUpperInvariant();

        private static TipSecret ToSecret(SecretDocument d) => new TipSecret
        {
            Name = d.Name,
            Tenant = d.Tenant,
            Type = d.Type,
            Authentication = IsToken(d) ? SecretAuthentication.ApiToken : SecretAuthentication.Certificate,
            User = d.UserMasked,
            Description = d.Description,
            TokenHint = d.TokenHint,
            CertificateSubject = d.CertificateSubject,
            CertificateThumbprint = d.CertificateThumbprint,
            CertificateNotAfter = d.CertificateNotAfter.HasValue ? StoredTime.Utc(d.CertificateNotAfter.Value) : (DateTimeOffset?)null,
            Created = StoredTime.Utc(d.Created),
            Modified = StoredTime.Utc(d.Modified),
        };
    }
}
