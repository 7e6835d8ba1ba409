using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using LiteDB;

namespace KumaTip.Core.Storage
{
    /// <summary>
    /// Tells damage in an exception LiteDB threw while reading the data file ("page type must be collection page", a
    /// DateTime out of range, undecodable text) from errors that are not (a duplicate key, a full disk), and says in the
    /// user's words what was being read.
    /// </summary>
    internal static class DatabaseDamage
    {
        private const int InvalidDatabase = 103;
        private const int InvalidDatafileState = 999;

        private static readonly Dictionary<string, string> Contents = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [TipDatabase.Secrets] = "its stored secrets",
            [TipDatabase.Settings] = "its connection settings",
            [TipDatabase.Results] = "its cached lookup results",
            [TipDatabase.ResultBodies] = "its cached lookup answers",
            [TipDatabase.Tasks] = "its task list",
            [TipDatabase.TaskItems] = "its task items",
            [TipDatabase.Ledger] = "its request ledger",
            [TipDatabase.Counters] = "its counters",
            [TipDatabase.Licenses] = "its licence information",
            [TipDatabase.QuotaReservations] = "its quota reservations",
        };

        /// <summary>Whether <paramref name="ex"/>, thrown by LiteDB's engine, means the file's bytes are not what LiteDB wrote.</summary>
        public static bool IsDamage(Exception ex)
        {
            if (ex is LiteException lite) return lite.ErrorCode == InvalidDatafileState || lite.ErrorCode == InvalidDatabase;
            // Bad bytes surface as whatever the decoder meets: these never come from a sound file through the engine.
            return ex is DecoderFallbackException || ex is ArgumentOutOfRangeException || ex is IndexOutOfRangeException ||
                   ex is EndOfStreamException || ex is InvalidCastException || ex is OverflowException;
        }

        /// <summary>"reading its stored secrets failed (LiteDB: page type must be collection page)."</summary>
        public static string Describe(Exception ex, string? collection, bool writing)
        {
            var what = collection == null ? "the file" : Contents.TryGetValue(collection, out var known) ? known : collection.StartsWith("$", StringComparison.Ordinal) ? "its list of collections" : "its collection '" + collection + "'";
            return (writing ? "changing " : "reading ") + what + " failed (" + Cause(ex) + ").";
        }

        // LiteDB's own damage messages are fixed texts; other exceptions are described by kind, since their messages
        // may quote bytes of the file.
        private static string Cause(Exception ex) => ex switch
        {
            LiteException lite when lite.ErrorCode == InvalidDatabase => "it is not in LiteDB's file format",
            LiteException lite => "LiteDB: " + lite.Message.Replace("{0}", "").TrimEnd(' ', ':'),
            DecoderFallbackException _ => "a stored text cannot be decoded",
            ArgumentOutOfRangeException _ => "a stored value or length is out of range",
            OverflowException _ => "a stored value is out of range",
            InvalidCastException _ => "a stored value has the wrong type",
            _ => "a record runs past the end of its page",
        };
    }
}
