using System;
using System.ComponentModel;
using System.IO;
using System.Runtime.InteropServices;

namespace KumaTip.Core.Storage
{
    /// <summary>
    /// Owner-only permissions for the data directory and the files in it. On Unix this is chmod 0700/0600
    /// (netstandard2.0 has no File.SetUnixFileMode, so libc is called). On Windows the per-user profile folder
    /// already excludes other users.
    /// </summary>
    internal static class OwnerOnly
    {
        private const uint DirectoryMode = 0x1C0; // 0700
        private const uint FileMode = 0x180;      // 0600

        public static void RestrictDirectory(string path) => Chmod(path, DirectoryMode);

        public static void RestrictFile(string path) => Chmod(path, FileMode);

        private static void Chmod(string path, uint mode)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) || !File.Exists(path) && !Directory.Exists(path))
            {
                return;
            }
            if (chmod(path, mode) != 0)
            {
                throw new IOException($"Could not restrict '{path}' to its owner: " + new Win32Exception(Marshal.GetLastWin32Error()).Message);
            }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int chmod(string pathname, uint mode);
    }
}
