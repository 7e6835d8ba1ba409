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
        private const int WriteAccess = 2;        // W_OK
        private const int SearchAccess = 1;       // X_OK

        public static void RestrictDirectory(string path) => Chmod(path, DirectoryMode);

        public static void RestrictFile(string path) => Chmod(path, FileMode);

        /// <summary>
        /// Creates <paramref name="path"/> empty and owner-only from its first moment (creat with mode 0600, so no
        /// umask makes it readable by others even briefly), unless it exists. Returns whether it created the file.
        /// </summary>
        public static bool CreateFile(string path)
        {
            if (File.Exists(path)) return false;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                using (new FileStream(path, System.IO.FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite)) { }
                return true;
            }
            // creat, not open: open's mode is a variadic argument, which P/Invoke cannot pass portably (Apple arm64).
            var fd = creat(path, FileMode);
            if (fd < 0)
            {
                var errno = Marshal.GetLastWin32Error();
                var message = $"Could not create '{path}': " + new Win32Exception(errno).Message;
                if (errno == EACCES || errno == EPERM || errno == EROFS) throw new UnauthorizedAccessException(message);
                throw new IOException(message);
            }
            close(fd);
            return true;
        }

        /// <summary>
        /// Whether this user may create and change files in <paramref name="directory"/> (Unix: access W_OK|X_OK, which
        /// also answers no for a read-only mount or an immutable directory, even to root). On Windows a probe file is
        /// created and deleted.
        /// </summary>
        public static bool CanWriteDirectory(string directory)
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return access(directory, WriteAccess | SearchAccess) == 0;
            }
            var probe = Path.Combine(directory, "kumatip-write-probe-" + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (new FileStream(probe, System.IO.FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
                return true;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <summary>Whether this user may write the existing file <paramref name="path"/> (true when it does not exist).</summary>
        public static bool CanWriteFile(string path)
        {
            if (!File.Exists(path)) return true;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return (File.GetAttributes(path) & FileAttributes.ReadOnly) == 0;
            }
            return access(path, WriteAccess) == 0;
        }

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

        private const int EPERM = 1;
        private const int EACCES = 13;
        private const int EROFS = 30;

        [DllImport("libc", SetLastError = true)]
        private static extern int chmod(string pathname, uint mode);

        [DllImport("libc", SetLastError = true)]
        private static extern int creat(string pathname, uint mode);

        [DllImport("libc", SetLastError = true)]
        private static extern int close(int fd);

        [DllImport("libc", SetLastError = true)]
        private static extern int access(string pathname, int mode);
    }
}
