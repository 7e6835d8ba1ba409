using System;
using System.Collections.Concurrent;
using System.IO;
using System.Reflection;

namespace KumaTip.Loader
{
    /// <summary>
    /// Windows PowerShell 5.1 (.NET Framework) has no load contexts. The binder asks for the exact versions our
    /// netstandard2.0 dependencies were compiled against (System.Memory, System.Text.Json…) and finds older ones in
    /// the GAC or none; this handler answers any name present in the dependencies folder, whatever version was asked
    /// (the role binding redirects play for an application). It cannot isolate us from another module that loaded
    /// another version first; docs/install.md says so.
    /// </summary>
    internal sealed class DesktopAssemblyResolver
    {
        private readonly DependencyFolder _folder;
        private readonly Func<string, Assembly> _loadFrom;
        private readonly ConcurrentDictionary<string, Assembly> _loaded = new ConcurrentDictionary<string, Assembly>(StringComparer.OrdinalIgnoreCase);

        public DesktopAssemblyResolver(DependencyFolder folder, Func<string, Assembly>? loadFrom = null)
        {
            _folder = folder;
            _loadFrom = loadFrom ?? Assembly.LoadFrom;
        }

        /// <summary>The AssemblyResolve handler: our copy of a dependency by simple name, or null for anything else.</summary>
        public Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            AssemblyName name;
            try
            {
                name = new AssemblyName(args.Name);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is FileLoadException)
            {
                return null;
            }
            var path = _folder.Find(name);
            return path == null ? null : _loaded.GetOrAdd(path, _loadFrom);
        }
    }
}
