using System;
using System.IO;
using System.Runtime.InteropServices;

namespace KumaTip.Core.Storage
{
    /// <summary>
    /// Where KumaTip keeps its database and key material: <c>KUMATIP_HOME</c> when set, else
    /// <c>%LOCALAPPDATA%\KumaTip</c> on Windows and <c>$XDG_DATA_HOME/kumatip</c> (default
    /// <c>~/.local/share/kumatip</c>) elsewhere. Created owner-only.
    /// </summary>
    public static class DataDirectory
    {
        public const string EnvironmentVariable = "KUMATIP_HOME";

        /// <summary>The data directory for this process, without creating it.</summary>
        public static string Resolve()
        {
            var home = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(home))
            {
                return Path.GetFullPath(home);
            }
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "KumaTip");
            }
            var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            if (string.IsNullOrWhiteSpace(xdg))
            {
                xdg = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            }
            return Path.Combine(xdg, "kumatip");
        }

        /// <summary>Creates <paramref name="path"/> if needed and restricts it to its owner (0700 on Unix).</summary>
        public static string EnsureCreated(string path)
        {
            Directory.CreateDirectory(path);
            OwnerOnly.RestrictDirectory(path);
            return path;
        }
    }
}
