using System;
using System.Globalization;
using System.IO;

namespace KumaTip.Core.Storage
{
    /// <summary>
    /// Recovery from a damaged data file, only when the user asks for it (Repair-TipDataStore): the damaged file (and
    /// its log) is moved aside, unchanged, under a name with the time, and a new, empty data file takes its place.
    /// </summary>
    public static class DataStoreRepair
    {
        /// <summary>
        /// Whether the data file in <paramref name="directory"/> exists and what is wrong with it: its header is checked,
        /// then every record of every collection is read (on a large cache this takes a while). Changes nothing.
        /// </summary>
        /// <exception cref="TipStorageException">Another process holds the file (<see cref="TipStorageProblem.Busy"/>).</exception>
        public static DataFileDiagnosis Diagnose(string directory)
        {
            var path = Path.Combine(directory, TipDatabase.FileName);
            if (!File.Exists(path)) return new DataFileDiagnosis(directory, path, false, null);
            try
            {
                using var database = new TipDatabase(directory, StorageAccess.Read);
                foreach (var name in database.Db.GetCollectionNames())
                {
                    foreach (var _ in database.Db.GetCollection(name).FindAll())
                    {
                    }
                }
                return new DataFileDiagnosis(directory, path, true, null);
            }
            catch (TipStorageException ex) when (ex.Problem == TipStorageProblem.Damaged)
            {
                return new DataFileDiagnosis(directory, path, true, ex.Detail ?? ex.Message);
            }
        }

        /// <summary>
        /// Moves the data file of <paramref name="directory"/> aside as kumatip-damaged-yyyyMMddTHHmmssZ.db (its log beside
        /// it as ...-log.db, so LiteDB tools open the two together), owner-only, and creates a new, empty data file.
        /// The key file stays: it still decrypts whatever is salvaged from the old file, and encrypts new secrets.
        /// </summary>
        /// <param name="directory">The data directory.</param>
        /// <param name="problem">What was wrong, for the result.</param>
        /// <param name="now">The time for the name.</param>
        /// <returns>What was done, or null when there was no data file (any more) to move.</returns>
        /// <exception cref="TipStorageException">The directory is read-only, or the file is held by another process.</exception>
        public static TipDataStoreRepair? MoveAside(string directory, string problem, DateTimeOffset now)
        {
            var path = Path.Combine(directory, TipDatabase.FileName);
            var readOnly = DataDirectoryAccess.WhyReadOnly(directory, path);
            if (readOnly != null) throw DataDirectoryAccess.ReadOnly(directory, path, readOnly);
            using var fileLock = new DatabaseLock(directory, path, DatabaseLock.ConfiguredWait);
            using (fileLock.Enter())
            {
                if (!File.Exists(path)) return null;
                var target = FreeName(directory, now);
                var log = DatabaseFileCheck.LogPath(path);
                string? logTarget = null;
                try
                {
                    File.Move(path, target);
                    OwnerOnly.RestrictFile(target);
                    if (File.Exists(log))
                    {
                        // The log holds committed changes not yet in the file: it belongs with it, never with the new file.
                        logTarget = DatabaseFileCheck.LogPath(target);
                        File.Move(log, logTarget);
                        OwnerOnly.RestrictFile(logTarget);
                    }
                }
                catch (IOException ex)
                {
                    throw new TipStorageException(directory, path, TipStorageProblem.Busy,
                        "KumaTip could not move its data file '" + path + "' aside: " + ex.Message + " Close every other PowerShell session that uses KumaTip, then run Repair-TipDataStore again.", ex);
                }
                // Still under the same hold, so no other process meets the directory without a data file in between.
                using (new TipDatabase(directory, StorageAccess.Write))
                {
                }
                return new TipDataStoreRepair(directory, path, target, logTarget, problem, now);
            }
        }

        private static string FreeName(string directory, DateTimeOffset now)
        {
            var stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var candidate = Path.Combine(directory, "kumatip-damaged-" + stamp + ".db");
            for (var n = 2; File.Exists(candidate) || File.Exists(DatabaseFileCheck.LogPath(candidate)); n++)
            {
                candidate = Path.Combine(directory, "kumatip-damaged-" + stamp + "-" + n + ".db");
            }
            return candidate;
        }
    }
}
