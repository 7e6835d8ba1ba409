using System;
using System.Collections.Generic;
using System.IO;
using KumaTip.Core.Storage;

namespace KumaTip.PowerShell.Support
{
    /// <summary>
    /// Read-only peeks at the data directory for tab completion: nothing is created when it does not exist yet, and
    /// any failure (locked, damaged) just means no suggestions.
    /// </summary>
    internal static class CompletionStore
    {
        public static IReadOnlyList<string> Read(Func<TipWorkspace, IReadOnlyList<string>> read)
        {
            try
            {
                var directory = DataDirectory.Resolve();
                if (!File.Exists(Path.Combine(directory, TipDatabase.FileName))) return Array.Empty<string>();
                // A busy file must not freeze the prompt for the commands' full wait.
                using var workspace = new TipWorkspace(directory, StorageAccess.Read, TimeSpan.FromSeconds(1));
                return read(workspace);
            }
            catch (Exception)
            {
                return Array.Empty<string>();
            }
        }

        public static string Quote(string value)
            => value.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', '(', ')', ';', ',', '&', '{', '}', '@', '#' }) >= 0
                ? "'" + value.Replace("'", "''") + "'"
                : value;
    }
}
