using System;

namespace KumaTip.Core.Storage
{
    /// <summary>Whether this user can write the data directory and its files, and the error when a command needs to and cannot.</summary>
    internal static class DataDirectoryAccess
    {
        /// <summary>Why the data directory or data file cannot be written, or null when they can.</summary>
        public static string? WhyReadOnly(string directory, string path)
        {
            if (!OwnerOnly.CanWriteDirectory(directory)) return "the directory itself cannot be written by this user";
            if (!OwnerOnly.CanWriteFile(path)) return "its data file '" + path + "' cannot be written by this user";
            var log = DatabaseFileCheck.LogPath(path);
            if (!OwnerOnly.CanWriteFile(log)) return "its log file '" + log + "' cannot be written by this user";
            return null;
        }

        /// <summary>The refusal of a write: names the directory, says why it is read-only and what to do.</summary>
        public static TipStorageException ReadOnly(string directory, string? file, string why, Exception? inner = null)
            => new TipStorageException(directory, file, TipStorageProblem.ReadOnly,
                "KumaTip's data directory '" + directory + "' is read-only: " + why + ", and this command needs to write to it. " +
                "Make it writable for this user (for example chmod u+w on the directory and its files), or point KUMATIP_HOME at a writable copy. " +
                "Commands that only read (Get-TipLookup, Get-TipTask, Receive-TipTask, Get-TipSettings, Get-TipSecret, Get-TipLicense) still work.", inner);
    }
}
