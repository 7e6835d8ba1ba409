using System;
using System.Collections.Concurrent;
using System.IO;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// The bodies of cached answers, read when a result's <see cref="TipLookupResult.Raw"/> is first used, which may be
    /// long after the cmdlet that made the result has closed its data file.
    /// </summary>
    internal static class CachedBodies
    {
        // A result may outlive the cmdlet that read it, so bodies are read through a handle of their own: one per data
        // directory for the process, since an idle shared-mode handle holds neither the file nor its lock. A new
        // TipDatabase per body cost an extra open of the file and a new BSON mapper each time.
        private static readonly ConcurrentDictionary<string, TipDatabase> BodyReaders = new ConcurrentDictionary<string, TipDatabase>(StringComparer.Ordinal);

        /// <summary>
        /// The body stored for <paramref name="key"/> if it is still the answer received at <paramref name="receivedAt"/>
        /// (ticks); null when the answer was since replaced (Update-TipLookup, another -Section set) or cleared, or the
        /// data directory is gone: never another answer's body, and reading never creates an empty database.
        /// </summary>
        public static string? Load(string directory, string key, long receivedAt)
        {
            if (!File.Exists(Path.Combine(directory, TipDatabase.FileName))) return null;
            var reader = BodyReaders.GetOrAdd(directory, d => new TipDatabase(d));
            try
            {
                return Read(reader, key, receivedAt);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // The directory was replaced since the handle was made: start over with a fresh one.
                BodyReaders.TryRemove(directory, out _);
                if (!File.Exists(Path.Combine(directory, TipDatabase.FileName))) return null;
                return Read(BodyReaders.GetOrAdd(directory, d => new TipDatabase(d)), key, receivedAt);
            }
        }

        private static string? Read(TipDatabase reader, string key, long receivedAt)
        {
            // The shared-mode mutex belongs to the thread that takes it: one read at a time per handle.
            lock (reader)
            {
                var doc = reader.Db.GetCollection(TipDatabase.ResultBodies).FindById(key);
                if (doc == null) return null;
                // Bodies stored before they carried the time have nothing to check against.
                var stamp = doc["ReceivedAt"];
                if (stamp.IsInt64 && stamp.AsInt64 != receivedAt) return null;
                return doc["Raw"].AsString;
            }
        }
    }
}
