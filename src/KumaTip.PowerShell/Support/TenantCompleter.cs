using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace KumaTip.PowerShell.Support
{
    /// <summary>
    /// Completes -Tenant. Until storage knows its tenants, it offers the default one; the storage issue
    /// replaces <see cref="KnownTenants"/> with the tenants found in the data directory.
    /// </summary>
    public sealed class TenantCompleter : IArgumentCompleter
    {
        internal static System.Func<IEnumerable<string>> KnownTenants = () => new[] { TipCmdlet.DefaultTenant };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return KnownTenants()
                .Where(t => t.StartsWith(prefix, System.StringComparison.OrdinalIgnoreCase))
                .OrderBy(t => t, System.StringComparer.OrdinalIgnoreCase)
                .Select(t => new CompletionResult(t.IndexOf(' ') >= 0 ? "'" + t + "'" : t, t, CompletionResultType.ParameterValue, t));
        }
    }
}
