using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace KumaTip.Loader
{
    /// <summary>
    /// The assemblies the host process was started with (the runtime's and PowerShell's own: the trusted platform
    /// assemblies), by simple name, with their versions read on demand. Modules imported later are not in this list.
    /// </summary>
    internal sealed class HostAssemblies
    {
        private readonly Dictionary<string, string> _paths;
        private readonly ConcurrentDictionary<string, Version?> _versions = new ConcurrentDictionary<string, Version?>(StringComparer.OrdinalIgnoreCase);

        public HostAssemblies(IEnumerable<string> paths)
        {
            _paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var path in paths)
            {
                var name = Path.GetFileNameWithoutExtension(path);
                if (!string.IsNullOrEmpty(name) && !_paths.ContainsKey(name))
                {
                    _paths.Add(name, path);
                }
            }
        }

        /// <summary>The trusted platform assemblies of this process (empty where the runtime has none: .NET Framework).</summary>
        public static HostAssemblies OfThisProcess()
        {
            var list = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
            return new HostAssemblies(list.Split(new[] { Path.PathSeparator }, StringSplitOptions.RemoveEmptyEntries));
        }

        /// <summary>The version of the host's copy of <paramref name="simpleName"/>, or null when the host has none.</summary>
        public Version? VersionOf(string simpleName)
            => _versions.GetOrAdd(simpleName, name =>
            {
                if (!_paths.TryGetValue(name, out var path))
                {
                    return null;
                }
                try
                {
                    return AssemblyName.GetAssemblyName(path).Version;
                }
                catch (Exception ex) when (ex is IOException || ex is BadImageFormatException || ex is UnauthorizedAccessException)
                {
                    return null;
                }
            });
    }
}
