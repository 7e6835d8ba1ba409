using System.Runtime.CompilerServices;
#if !NETFRAMEWORK
using System.Runtime.Loader;
#endif

namespace KumaTip.Loader
{
    /// <summary>
    /// The PowerShell 7 half of <see cref="ModuleInitializer"/>, in a type of its own so that Windows PowerShell 5.1
    /// never compiles a method that names AssemblyLoadContext (the type does not exist on .NET Framework).
    /// </summary>
    internal static class CoreHook
    {
#if !NETFRAMEWORK
        private static DependencyLoadContext? _context;

        /// <summary>The one private context of this process, created on first import.</summary>
        internal static DependencyLoadContext? Context => _context;
#endif

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Attach(DependencyFolder folder)
        {
#if !NETFRAMEWORK
            _context ??= new DependencyLoadContext(folder, HostAssemblies.OfThisProcess());
            AssemblyLoadContext.Default.Resolving += _context.ResolveForDefault;
#endif
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Detach()
        {
#if !NETFRAMEWORK
            if (_context != null)
            {
                AssemblyLoadContext.Default.Resolving -= _context.ResolveForDefault;
            }
#endif
        }
    }
}
