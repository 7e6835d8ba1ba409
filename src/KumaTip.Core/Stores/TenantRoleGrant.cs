using System;
using System.Collections.Generic;
using System.Linq;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Stores
{
    /// <summary>
    /// What Initialize-TipStore -TenantRole sets up for tenant access in a team store: a NOLOGIN role (created when
    /// missing) that is granted kumatip_user, may read and write the rows of <see cref="TenantKeys"/> (row-level
    /// security, via kumatip.tenant_grants), and is granted to the login roles in <see cref="Members"/>.
    /// </summary>
    public sealed class TenantRoleGrant
    {
        /// <summary>The key tenant_grants uses for "every tenant".</summary>
        public const string AllTenantsKey = "*";

        private TenantRoleGrant(string role, IReadOnlyList<string> tenantKeys, IReadOnlyList<string> members)
        {
            Role = role;
            TenantKeys = tenantKeys;
            Members = members;
        }

        /// <summary>The role name, exactly as PostgreSQL stores it (case-sensitive).</summary>
        public string Role { get; }

        /// <summary>Tenant keys (upper case, <see cref="Tenants.Key"/>), or <see cref="AllTenantsKey"/>.</summary>
        public IReadOnlyList<string> TenantKeys { get; }

        /// <summary>Existing (login) roles to grant the role to.</summary>
        public IReadOnlyList<string> Members { get; }

        /// <exception cref="TipStoreException">A role or tenant name is refused (<see cref="TipStoreProblem.InvalidArgument"/>).</exception>
        public static TenantRoleGrant Create(string role, IEnumerable<string>? tenants, bool allTenants, IEnumerable<string>? members = null)
        {
            var name = CheckRole(role, "-TenantRole");
            if (name == "kumatip_user")
            {
                throw new TipStoreException(TipStoreProblem.InvalidArgument,
                    "-TenantRole kumatip_user is the role every analyst's role is granted; give a role per tenant (or group of tenants) instead, e.g. soc_main.");
            }
            var keys = new List<string>();
            if (allTenants) keys.Add(AllTenantsKey);
            foreach (var tenant in tenants ?? Enumerable.Empty<string>())
            {
                string key;
                try
                {
                    key = Tenants.Key(tenant);
                }
                catch (ArgumentException ex)
                {
                    throw new TipStoreException(TipStoreProblem.InvalidArgument, ex.Message, null, ex);
                }
                if (!keys.Contains(key)) keys.Add(key);
            }
            if (keys.Count == 0)
            {
                throw new TipStoreException(TipStoreProblem.InvalidArgument,
                    "-TenantRole '" + name + "' needs the tenants it may use: give -Tenant (e.g. -Tenant Main, Branch) or -AllTenants.");
            }
            var memberNames = (members ?? Enumerable.Empty<string>()).Select(m => CheckRole(m, "-Member")).Distinct(StringComparer.Ordinal).ToList();
            return new TenantRoleGrant(name, keys, memberNames);
        }

        private static string CheckRole(string? role, string parameter)
        {
            var name = (role ?? string.Empty).Trim();
            if (name.Length == 0)
            {
                throw new TipStoreException(TipStoreProblem.InvalidArgument, parameter + " is empty. Give a PostgreSQL role name, e.g. soc_main.");
            }
            // PostgreSQL truncates identifiers at 63 bytes: a longer name would silently become another one.
            if (System.Text.Encoding.UTF8.GetByteCount(name) > 63 || name.Any(char.IsControl))
            {
                throw new TipStoreException(TipStoreProblem.InvalidArgument,
                    "The role name '" + Tenants.Shorten(name) + "' given as " + parameter + " is not a PostgreSQL role name: at most 63 bytes of printable characters.");
            }
            if (name.StartsWith("pg_", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "public", StringComparison.OrdinalIgnoreCase))
            {
                throw new TipStoreException(TipStoreProblem.InvalidArgument,
                    "The role name '" + name + "' given as " + parameter + " is reserved by PostgreSQL (pg_…, public). Choose another name, e.g. soc_main.");
            }
            return name;
        }
    }
}
