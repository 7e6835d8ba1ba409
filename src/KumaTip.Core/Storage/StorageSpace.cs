using System;
using System.Globalization;
using System.IO;

namespace KumaTip.Core.Storage
{
    /// <summary>
    /// Free space where the data file lives. A lookup stops buying answers once less than <see cref="Reserve"/> is
    /// free, so that the answers already bought (and the task's bookkeeping) can still be written: a full disk would
    /// otherwise lose paid answers, and LiteDB 5.0.20's disk writer hangs when a write fails for lack of space.
    /// </summary>
    public static class StorageSpace
    {
        /// <summary>Environment variable that sets the reserve in MiB (0 turns the check off).</summary>
        public const string ReserveVariable = "KUMATIP_STORAGE_RESERVE_MB";

        private const long DefaultReserve = 16L * 1024 * 1024;

        /// <summary>The free space below which no more answers are bought: 16 MiB unless <see cref="ReserveVariable"/> says otherwise.</summary>
        public static long Reserve
        {
            get
            {
                var text = Environment.GetEnvironmentVariable(ReserveVariable);
                return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var mib) && mib < 1024 * 1024
                    ? mib * 1024 * 1024
                    : DefaultReserve;
            }
        }

        /// <summary>Bytes free to this user on the file system of <paramref name="directory"/>, or null when it cannot be told (a network share, say).</summary>
        public static long? FreeBytes(string directory)
        {
            try
            {
                return new DriveInfo(directory).AvailableFreeSpace;
            }
            catch (Exception ex) when (ex is ArgumentException || ex is IOException || ex is UnauthorizedAccessException || ex is System.Security.SecurityException)
            {
                return null;
            }
        }

        /// <summary>Why no more answers may be bought into <paramref name="directory"/>, or null while there is room.</summary>
        public static TipStorageException? CheckRoom(string directory, long reserve)
        {
            if (reserve <= 0) return null;
            var free = FreeBytes(directory);
            if (free == null || free.Value >= reserve) return null;
            return new TipStorageException(directory, TipStorageProblem.SpaceLow,
                "Only " + Megabytes(free.Value) + " is free on the disk of KumaTip's data directory '" + directory + "'; KumaTip stops buying answers below " +
                Megabytes(reserve) + " so that what it bought can still be stored. Free some space (or point KUMATIP_HOME elsewhere), then run Restart-TipTask for the pending items.");
        }

        private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";
    }
}
