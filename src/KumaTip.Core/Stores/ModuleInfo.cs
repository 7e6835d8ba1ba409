using System.Reflection;

namespace KumaTip.Core.Stores
{
    /// <summary>This module's version (every assembly takes ModuleVersion from module/KumaTip.psd1).</summary>
    internal static class ModuleInfo
    {
        public static string Version { get; } =
            typeof(ModuleInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(ModuleInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }
}
