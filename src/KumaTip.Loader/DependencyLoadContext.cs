#if !NETFRAMEWORK
using System.Reflection;
using System.Runtime.Loader;

namespace KumaTip.Loader
{
    /// <summary>
    /// KumaTip's private load context on PowerShell 7: KumaTip.Core and the libraries it needs load here, so a
    /// module imported before or after us with other versions of Polly, Microsoft.Extensions.*, LiteDB or CsvHelper
    /// neither breaks us nor is broken by us. Platform assemblies come from the host (see <see cref="DependencyPolicy"/>).
    /// One instance per process: it is never unloaded, so a second Import-Module finds the same assemblies.
    /// </summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private readonly DependencyFolder _folder;
        private readonly HostAssemblies _host;

        public DependencyLoadContext(DependencyFolder folder, HostAssemblies host)
        {
            _folder = folder;
            _host = host;
        }

        public DependencyFolder Folder => _folder;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var path = _folder.Find(assemblyName);
            if (path != null && DependencyFolder.IsOwnAssembly(assemblyName))
            {
                return LoadFromAssemblyPath(path);
            }
            var hostVersion = assemblyName.Name == null ? null : _host.VersionOf(assemblyName.Name);
            var source = DependencyPolicy.Decide(assemblyName, hostVersion, path != null);
            if (source == DependencySource.Private)
            {
                return LoadFromAssemblyPath(path!);
            }
            if (hostVersion != null && assemblyName.Version != null && hostVersion < assemblyName.Version)
            {
                // The host's copy is older than the one we were built against (pwsh 7.6.9's
                // Microsoft.Bcl.AsyncInterfaces): the default context would refuse it for our version, so ask it
                // for the host's own.
                return Default.LoadFromAssemblyName(new AssemblyName(assemblyName.Name!) { Version = hostVersion });
            }
            // Null sends the request on to the default context: the host's copy.
            return null;
        }

        /// <summary>Serves our own assemblies (KumaTip.Core) when the entry assembly, in the default context, asks.</summary>
        public Assembly? ResolveForDefault(AssemblyLoadContext requester, AssemblyName assemblyName)
        {
            if (!DependencyFolder.IsOwnAssembly(assemblyName))
            {
                return null;
            }
            var path = _folder.Find(assemblyName);
            return path == null ? null : LoadFromAssemblyName(assemblyName);
        }
    }
}
#endif
