using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using KumaTip.Core.Storage;

namespace KumaTip.PowerShell.Support
{
    /// <summary>Completes secret names (-Name, -Secret) from the tenant already typed on the command line, else Main.</summary>
    public sealed class SecretNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var tenant = fakeBoundParameters?["Tenant"] as string ?? TipCmdlet.DefaultTenant;
            var prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
            return CompletionStore.Read(w => w.Secrets.List(tenant).Select(s => s.Name).ToList())
                .Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(n => new CompletionResult(CompletionStore.Quote(n), n, CompletionResultType.ParameterValue, n));
        }
    }
}
