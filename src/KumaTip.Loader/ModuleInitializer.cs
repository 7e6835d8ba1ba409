using System;
using System.Management.Automation;
using System.Runtime.InteropServices;

namespace KumaTip.Loader
{
    /// <summary>
    /// Runs when PowerShell imports the module, before any cmdlet touches KumaTip.Core: on PowerShell 7 it hooks the
    /// default load context so KumaTip.Core and its libraries load in KumaTip's own context; on Windows PowerShell
    /// 5.1 it answers AssemblyResolve from the dependencies folder. Remove-Module unhooks; the loaded assemblies stay
    /// (they cannot be unloaded) and a later Import-Module uses them again.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly object Gate = new object();
        private static readonly DependencyFolder Folder = DependencyFolder.BesideEntryAssembly();
        private static DesktopAssemblyResolver? _desktop;
        private static bool _hooked;

        internal static bool IsNetFramework =>
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        public void OnImport()
        {
            lock (Gate)
            {
                if (_hooked)
                {
                    return;
                }
                if (IsNetFramework)
                {
                    _desktop ??= new DesktopAssemblyResolver(Folder);
                    AppDomain.CurrentDomain.AssemblyResolve += _desktop.Resolve;
                }
                else
                {
                    CoreHook.Attach(Folder);
                }
                _hooked = true;
            }
        }

        public void OnRemove(PSModuleInfo module)
        {
            lock (Gate)
            {
                if (!_hooked)
                {
                    return;
                }
                if (IsNetFramework)
                {
                    AppDomain.CurrentDomain.AssemblyResolve -= _desktop!.Resolve;
                }
                else
                {
                    CoreHook.Detach();
                }
                _hooked = false;
            }
        }
    }
}
