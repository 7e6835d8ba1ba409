using System;
using System.IO;
using System.Reflection;

namespace KumaTip.Loader
{
    /// <summary>
    /// The module's <c>dependencies</c> folder: KumaTip.Core and every library it needs. It sits beside the entry
    /// assembly but not in its folder, so neither PowerShell nor the runtime finds these files by probing; only our
    /// load context (PowerShell 7) or our AssemblyResolve handler (Windows PowerShell 5.1) hands them out.
    /// </summary>
    internal sealed class DependencyFolder
    {
        public const string Name = "dependencies";

        public DependencyFolder(string path)
        {
            Path = path;
        }

        public string Path { get; }

        /// <summary>The folder next to the entry assembly that is running.</summary>
        public static DependencyFolder BesideEntryAssembly()
        {
            var entry = typeof(DependencyFolder).Assembly.Location;
            var moduleDirectory = System.IO.Path.GetDirectoryName(entry) ?? string.Empty;
            return new DependencyFolder(System.IO.Path.Combine(moduleDirectory, Name));
        }

        /// <summary>The file of that simple name in the folder, or null. Only a plain simple name counts.</summary>
        public string? Find(AssemblyName name)
        {
            var simple = name.Name;
            if (string.IsNullOrEmpty(simple) || simple!.IndexOfAny(new[] { '/', '\\', ':' }) >= 0 || simple.Contains(".."))
            {
                return null;
            }
            var candidate = System.IO.Path.Combine(Path, simple + ".dll");
            return File.Exists(candidate) ? candidate : null;
        }

        /// <summary>Our own assemblies (KumaTip.Core…), which the entry assembly asks the default context for.</summary>
        public static bool IsOwnAssembly(AssemblyName name)
            => name.Name != null
               && name.Name.StartsWith("KumaTip.", StringComparison.OrdinalIgnoreCase)
               && !string.Equals(name.Name, typeof(DependencyFolder).Assembly.GetName().Name, StringComparison.OrdinalIgnoreCase);
    }
}
