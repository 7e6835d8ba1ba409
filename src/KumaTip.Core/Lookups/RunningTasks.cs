using System.Collections.Concurrent;

namespace KumaTip.Core.Lookups
{
    /// <summary>Batches running in this process, by database file and task id, so Stop-TipTask can cancel one at once.</summary>
    internal static class RunningTasks
    {
        private static readonly ConcurrentDictionary<string, LookupSession> Sessions = new ConcurrentDictionary<string, LookupSession>();

        public static void Register(string databasePath, int taskId, LookupSession session) => Sessions[Key(databasePath, taskId)] = session;

        public static void Remove(string databasePath, int taskId) => Sessions.TryRemove(Key(databasePath, taskId), out _);

        public static LookupSession? Find(string databasePath, int taskId) => Sessions.TryGetValue(Key(databasePath, taskId), out var s) ? s : null;

        private static string Key(string databasePath, int taskId) => databasePath + "#" + taskId;
    }
}
