using System;
using System.Collections.Generic;
using KumaTip.Core.Output;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// One instance for equal texts and lists among the summaries <see cref="RecentAnswers"/> keeps: a status or a
    /// category list repeats across thousands of answers. Bounded: past <see cref="MaxEntries"/> distinct values a
    /// value is kept as it came (indicators and portal links are never pooled). Not thread-safe: the caller locks.
    /// </summary>
    internal sealed class TextPool
    {
        /// <summary>Distinct texts and lists kept at most; a few dozen occur in practice.</summary>
        internal const int MaxEntries = 4096;

        private readonly Dictionary<string, string> _texts = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly Dictionary<string, TipList<string>> _lists = new Dictionary<string, TipList<string>>(StringComparer.Ordinal);

        public string Text(string text)
        {
            if (_texts.TryGetValue(text, out var shared)) return shared;
            if (_texts.Count < MaxEntries) _texts[text] = text;
            return text;
        }

        /// <summary>The list stored as <paramref name="joined"/>, made by <paramref name="make"/> the first time.</summary>
        public TipList<string> List(string joined, Func<string, TipList<string>> make)
        {
            if (_lists.TryGetValue(joined, out var shared)) return shared;
            var list = make(joined);
            if (_lists.Count < MaxEntries) _lists[joined] = list;
            return list;
        }

        public void Clear()
        {
            _texts.Clear();
            _lists.Clear();
        }
    }
}
