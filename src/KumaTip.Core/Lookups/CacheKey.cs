using System;
using System.Security.Cryptography;
using System.Text;
using KumaTip.Core.Api;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// The identity of a cached answer and of a task item: tenant, type and normalized value. LiteDB compares ids
    /// ignoring case, but a URL's path is case-sensitive, so capitals are escaped (<c>^x</c>) to keep
    /// <c>/Login</c> and <c>/login</c> apart. LiteDB cannot index a key over 1,023 bytes, and the portal takes URLs
    /// up to 2,000 characters: a value longer than <see cref="MaxPlainValueBytes"/> is keyed by its SHA-256 instead
    /// (the value itself stays in the document). Short values keep readable keys, so files written before need no
    /// upgrade and a tenant's answers still sort by value.
    /// </summary>
    internal static class CacheKey
    {
        public static string For(string tenant, TipIndicator indicator, PortalService service = PortalService.Tip) => For(tenant, indicator.Kind, indicator.Value, service);

        /// <summary>Marks OpenTIP's answers: they never stand in for TIP's (fewer sections, no records), nor TIP's for theirs.</summary>
        private const string OpenTipMarker = "opentip:";

        /// <summary>
        /// Above this (UTF-8 bytes of the case-safe value) the key holds a hash. With a tenant of at most
        /// <see cref="Storage.Tenants.MaxLength"/> characters every key stays well under LiteDB's 1,023-byte limit.
        /// </summary>
        internal const int MaxPlainValueBytes = 256;

        /// <summary>Marks a hashed value; no indicator value starts with it (URLs start with a scheme, the rest are host names, addresses or hex).</summary>
        private const string HashMarker = "#sha256:";

        public static string For(string tenant, TipIndicatorType type, string value, PortalService service = PortalService.Tip) =>
            tenant + "|" + (service == PortalService.OpenTip ? OpenTipMarker : "") + type + ":" + ValuePart(value);

        /// <summary>The service a stored result names; TIP for results stored before there was a choice.</summary>
        public static PortalService ServiceOf(string? name) =>
            string.Equals(name, nameof(PortalService.OpenTip), StringComparison.OrdinalIgnoreCase) ? PortalService.OpenTip : PortalService.Tip;

        /// <summary>The value as it appears in keys: case-safe, or its hash when that would be too long to index.</summary>
        public static string ValuePart(string value)
        {
            var safe = CaseSafe(value);
            if (Encoding.UTF8.GetByteCount(safe) <= MaxPlainValueBytes) return safe;
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(safe));
            var sb = new StringBuilder(HashMarker.Length + hash.Length * 2).Append(HashMarker);
            foreach (var b in hash) sb.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            return sb.ToString();
        }

        public static string TenantPrefix(string tenant) => tenant + "|";

        public static string CaseSafe(string value)
        {
            var plain = true;
            foreach (var c in value)
            {
                if (c == '^' || char.IsUpper(c))
                {
                    plain = false;
                    break;
                }
            }
            if (plain) return value;
            var sb = new StringBuilder(value.Length + 8);
            foreach (var c in value)
            {
                if (c == '^') sb.Append("^^");
                else if (char.IsUpper(c)) sb.Append('^').Append(char.ToLowerInvariant(c));
                else sb.Append(c);
            }
            return sb.ToString();
        }
    }
}
