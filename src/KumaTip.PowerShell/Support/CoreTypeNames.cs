using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Reflection;
using KumaTip.Core.Lookups;

namespace KumaTip.PowerShell.Support
{
    /// <summary>
    /// On PowerShell 7 KumaTip.Core lives in KumaTip's own load context, where PowerShell does not look when a script
    /// names a type (<c>[KumaTip.Core.Lookups.TipZone]::Red</c>, <c>$r -is [KumaTip.Core.Lookups.TipLookupResult]</c>).
    /// Registering each public Core type under its full name as a type accelerator makes those names work as they do
    /// on Windows PowerShell 5.1; Remove-Module takes them away again. Names already taken are left alone.
    /// </summary>
    public sealed class CoreTypeNames : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly object Gate = new object();
        private static readonly List<string> Added = new List<string>();

        public void OnImport()
        {
            lock (Gate)
            {
                var core = typeof(TipLookupResult).Assembly;
                var accelerators = Accelerators();
                if (accelerators == null || IsNetFramework)
                {
                    return;
                }
                var existing = accelerators.GetProperty("Get", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as IDictionary<string, Type>;
                var add = accelerators.GetMethod("Add", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(string), typeof(Type) }, null);
                if (existing == null || add == null)
                {
                    return;
                }
                foreach (var type in core.GetExportedTypes())
                {
                    if (type.IsNested || type.FullName == null || existing.ContainsKey(type.FullName))
                    {
                        continue;
                    }
                    add.Invoke(null, new object[] { type.FullName, type });
                    Added.Add(type.FullName);
                }
            }
        }

        public void OnRemove(PSModuleInfo module)
        {
            lock (Gate)
            {
                var remove = Accelerators()?.GetMethod("Remove", BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(string) }, null);
                if (remove != null)
                {
                    foreach (var name in Added)
                    {
                        remove.Invoke(null, new object[] { name });
                    }
                }
                Added.Clear();
            }
        }

        // PowerShell's accelerator table is not public API; when it is absent the names simply do not resolve.
        private static Type? Accelerators()
            => typeof(PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators", throwOnError: false);

        // Windows PowerShell 5.1 (no load contexts) already finds Core's types by name.
        private static bool IsNetFramework
            => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);
    }
}
