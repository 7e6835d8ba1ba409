using System;

namespace KumaTip.Core.Storage
{
    /// <summary>Tenant names: every stored object carries one, compared without regard to case.</summary>
    public static class Tenants
    {
        /// <summary>The tenant every object belongs to unless another is named.</summary>
        public const string Default = "Main";

        /// <summary>Longer names are refused: a tenant is part of every storage key, and those have a size limit.</summary>
        public const int MaxLength = 128;

        /// <summary>The trimmed tenant name, or an error naming what is wrong.</summary>
        public static string Normalize(string? tenant)
        {
            var t = (tenant ?? string.Empty).Trim();
            if (t.Length == 0)
            {
                throw new ArgumentException("The tenant name is empty. Give a tenant name, or leave -Tenant out for 'Main'.", nameof(tenant));
            }
            if (t.Length > MaxLength)
            {
                throw new ArgumentException("The tenant name '" + Shorten(t) + "' has " + t.Length + " characters; a tenant name has at most " + MaxLength +
                    ". Choose a shorter name.", nameof(tenant));
            }
            foreach (var c in t)
            {
                if (char.IsControl(c))
                {
                    throw new ArgumentException("The tenant name '" + Shorten(t) + "' contains a control character (U+" + ((int)c).ToString("X4") +
                        "). Choose a name of printable characters.", nameof(tenant));
                }
            }
            // '|' separates the tenant from the indicator in cache keys: a name holding it could read another tenant's answers.
            if (t.IndexOf('|') >= 0)
            {
                throw new ArgumentException("The tenant name '" + t + "' contains '|', which KumaTip uses as a separator. Choose a name without '|'.", nameof(tenant));
            }
            return t;
        }

        // A name in an error message is cut short: a 5,000-character mistake should not fill the screen.
        internal static string Shorten(string value)
        {
            var printable = new System.Text.StringBuilder(Math.Min(value.Length, 41));
            foreach (var c in value)
            {
                if (printable.Length == 40) return printable + "…";
                printable.Append(char.IsControl(c) ? '?' : c);
            }
            return printable.ToString();
        }

        /// <summary>The case-insensitive key stored next to the tenant.</summary>
        public static string Key(string tenant) => Normalize(tenant).ToUpperInvariant();
    }
}
