using System.Text;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// The identity of a cached answer and of a task item: tenant, type and normalized value. LiteDB compares ids
    /// ignoring case, but a URL's path is case-sensitive, so capitals are escaped (<c>^x</c>) to keep
    /// <c>/Login</c> and <c>/login</c> apart.
    /// </summary>
    internal static class CacheKey
    {
        public static string For(string tenant, TipIndicator indicator) => For(tenant, indicator.Type, indicator.Value);

        public static string For(string tenant, TipIndicatorType type, string value) => tenant + "|" + type + ":" + CaseSafe(value);

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
