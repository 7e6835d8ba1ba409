using System;
using System.IO;
using System.Text;

namespace KumaTip.Core.Storage
{
    /// <summary>
    /// Looks at the data file before LiteDB may touch it. LiteDB 5.0.20 silently starts a new, empty database in a file
    /// shorter than one page (0 bytes, cut short, or any small file), and crops a file whose length is not whole pages;
    /// either would lose the user's secrets without a word. Such a file is refused here, unchanged, with a message that
    /// names it and says how to recover.
    /// </summary>
    internal static class DatabaseFileCheck
    {
        private const int PageSize = 8192;
        private const int HeaderInfoOffset = 32;
        private const int FileVersionOffset = 59;
        private const int LastPageIdOffset = 64;
        private const byte FileVersion = 8;
        private static readonly byte[] HeaderInfo = Encoding.ASCII.GetBytes("** This is a LiteDB file **");

        /// <summary>What is wrong with the data file <paramref name="path"/>, or null when it is missing or looks sound.</summary>
        public static TipStorageException? Inspect(string directory, string path)
        {
            var problem = Problem(path);
            return problem == null ? null : Damaged(directory, path, problem, null);
        }

        /// <summary>The refusal of a damaged data file: what is wrong, that nothing was changed, and how to recover.</summary>
        public static TipStorageException Damaged(string directory, string path, string problem, Exception? inner)
            => new TipStorageException(directory, path, TipStorageProblem.Damaged,
                "KumaTip's data file '" + path + "' is damaged: " + problem + " KumaTip does not replace it or start over in its place on its own. " +
                "Run Repair-TipDataStore to move it aside (it is kept, with the time in its name) and start a new data file; then enter your secrets " +
                "and settings again (New-TipSecret, Set-TipSettings), or restore a backup of the data directory instead.", inner)
            {
                Detail = problem,
            };

        /// <summary>What is wrong with the file at <paramref name="path"/>, in a few words, or null when it is missing or looks sound.</summary>
        public static string? Problem(string path)
        {
            FileInfo file;
            try
            {
                file = new FileInfo(path);
                if (!file.Exists) return null;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return null;
            }
            var length = file.Length;
            if (length == 0)
            {
                return "it is empty (0 bytes), so the secrets, settings, cached results and tasks it held are gone.";
            }
            if (length < PageSize)
            {
                return "it has " + length + " bytes, less than one LiteDB page (" + PageSize + " bytes): it was cut short, or another file took its place.";
            }
            var header = new byte[PageSize];
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            {
                var read = 0;
                while (read < header.Length)
                {
                    var n = stream.Read(header, read, header.Length - read);
                    if (n == 0) break;
                    read += n;
                }
            }
            if (header[0] == 1)
            {
                return "it is an encrypted LiteDB file, and KumaTip's data file never is (secret values are encrypted inside it): another file took its place.";
            }
            for (var i = 0; i < HeaderInfo.Length; i++)
            {
                if (header[HeaderInfoOffset + i] != HeaderInfo[i])
                {
                    return "it does not start with LiteDB's file header, so it is not a LiteDB database: it was overwritten, or another file took its place.";
                }
            }
            if (header[FileVersionOffset] != FileVersion)
            {
                return "it is in LiteDB file format " + header[FileVersionOffset] + ", and KumaTip reads format " + FileVersion + ".";
            }
            // Cut short: only when there is no log to finish a checkpoint from. A crash mid-checkpoint leaves the log,
            // and LiteDB completes the file from it (cropping a half-written last page first) as designed.
            if (!HasLog(path))
            {
                var pages = (long)BitConverter.ToUInt32(header, LastPageIdOffset) + 1;
                if (length % PageSize != 0 || length < pages * PageSize)
                {
                    return "it has " + length + " bytes, but its header counts " + pages + " pages (" + pages * PageSize + " bytes): it was cut short " +
                        "(an interrupted copy, a full disk).";
                }
            }
            return null;
        }

        private static bool HasLog(string path)
        {
            var log = new FileInfo(LogPath(path));
            return log.Exists && log.Length > 0;
        }

        /// <summary>LiteDB's log file beside <paramref name="path"/> (kumatip.db → kumatip-log.db).</summary>
        public static string LogPath(string path)
            => Path.Combine(Path.GetDirectoryName(path) ?? ".", Path.GetFileNameWithoutExtension(path) + "-log" + Path.GetExtension(path));
    }
}
