using System;
using System.Reflection;

namespace KumaTip.Loader
{
    /// <summary>Where a dependency comes from on PowerShell 7.</summary>
    internal enum DependencySource
    {
        /// <summary>The host's copy (PowerShell or the .NET runtime), through the default load context.</summary>
        Host,

        /// <summary>Our copy from the dependencies folder, in KumaTip's own load context.</summary>
        Private,
    }

    /// <summary>
    /// Decides, for each assembly KumaTip's code asks for, whether the host's copy or ours is used.
    /// <list type="bullet">
    /// <item>Platform assemblies (<c>System.*</c>, <c>Microsoft.Bcl.*</c>, <c>netstandard</c>, <c>mscorlib</c>) that
    /// the host ships are always the host's, whatever their version: our netstandard2.0 copies of them define types
    /// (IAsyncDisposable, IAsyncEnumerable…) that the runtime also defines, and two copies of one type in one process
    /// break calls between our code and the runtime's. This is what failed on pwsh 7.6.9, which ships
    /// Microsoft.Bcl.AsyncInterfaces 10.0.0.14 while we were built against 10.0.0.15.</item>
    /// <item>Libraries (Polly, Microsoft.Extensions.*, LiteDB, CsvHelper…) are ours unless the host's copy is at least
    /// the version we were built against (then sharing is safe and saves memory). Another module's copy is never
    /// the host's: it lives in the default context only after that module loaded it, and it is never consulted.</item>
    /// </list>
    /// </summary>
    internal static class DependencyPolicy
    {
        public static DependencySource Decide(AssemblyName requested, Version? hostVersion, bool privateCopyExists)
        {
            if (!privateCopyExists)
            {
                return DependencySource.Host;
            }
            if (hostVersion == null)
            {
                return DependencySource.Private;
            }
            if (IsPlatformAssembly(requested.Name))
            {
                return DependencySource.Host;
            }
            var wanted = requested.Version ?? new Version(0, 0);
            return hostVersion >= wanted ? DependencySource.Host : DependencySource.Private;
        }

        public static bool IsPlatformAssembly(string? name)
            => name != null
               && (name.StartsWith("System.", StringComparison.OrdinalIgnoreCase)
                   || name.StartsWith("Microsoft.Bcl.", StringComparison.OrdinalIgnoreCase)
                   || string.Equals(name, "netstandard", StringComparison.OrdinalIgnoreCase)
                   || string.Equals(name, "mscorlib", StringComparison.OrdinalIgnoreCase));
    }
}
