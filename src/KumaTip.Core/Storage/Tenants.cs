using System;

namespace KumaTip.Core.Storage
{
    /// <summary>Tenant names: every stored object carries one, compared without regard to case.</summary>
    public static class Tenants
    {
        /// <summary>The tenant every object belongs to unless another is named.</summary>
        public const string Default = "Main";

        /// <summary>The trimmed tenant name, or an error naming what is wrong.</summary>
        public static string Normalize(string? tenant)
        {
            var t = (tenant ?? string.Empty).Trim();
            if (t.Length == 0)
            {
                throw new ArgumentException("The tenant name is empty. Give a tenant name, or leave -Tenant out for 'Main'.", nameof(tenant));
            }
            // '|' separates the tenant from the indicator in cache keys: a name holding it could read another tenant's answers.
            if (t.IndexOf('|') >= 0)
            {
                throw new ArgumentException("The tenant name '" + t + "' contains '|', which KumaTip uses as a separator. Choose a name without '|'.", nameof(tenant));
            }
            return t;
        }

        /// <summary>The case-insensitive key stored next to the tenant.</summary>
        public static string Key(string tenant) => Normalize(tenant).ToUpperInvariant();
    }
}
