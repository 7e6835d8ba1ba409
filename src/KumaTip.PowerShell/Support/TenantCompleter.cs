using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace KumaTip.PowerShell.Support
{
    /// <summary>
    /// Completes -Tenant with the default tenant and every tenant that owns secrets or settings in the data directory.
    /// </summary>
    public sealed class TenantCompleter : IArgumentCompleter
    {
        internal static System.Func<IEnumerable<string>> KnownTenants = () =>
            CompletionStore.Read(w => w.TenantNames()).Concat(new[] { TipCmdlet.DefaultTenant }).Distinct(System.StringComparer.OrdinalIgnoreCase);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return KnownTenants()
                .Where(t => t.StartsWith(prefix, System.StringComparison.OrdinalIgnoreCase))
                .OrderBy(t => t, System.StringComparer.OrdinalIgnoreCase)
                .Select(t => new CompletionResult(CompletionStore.Quote(t), t, CompletionResultType.ParameterValue, t));
        }
    }
}
