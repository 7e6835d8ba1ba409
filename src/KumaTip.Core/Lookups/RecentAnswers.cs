using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using LiteDB;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// The summaries of cached answers this process has read from one data file, so that asking for the same
    /// indicators again costs a dictionary read instead of a LiteDB seek (20–30 µs and ~40 KB each, with the page cache
    /// that shared mode drops after every transaction). Trusted only under the results token it was filled under: every
    /// write of the cached results (this process's or another's) puts a new token into the file in the same
    /// transaction, and a read that finds another token forgets everything first, so what it returns is what the file
    /// holds. A file without a token (no version with this memory has written its cache yet) is always read.
    /// Bounded by <see cref="CapacityVariable"/> answers (two generations: the older half goes when the newer is full)
    /// and forgotten after <see cref="IdleRelease"/> unused. Thread-safe.
    /// </summary>
    internal sealed class RecentAnswers
    {
        /// <summary>Environment variable: how many answers' summaries a process keeps per data file (default 200,000; 0 keeps none).</summary>
        public const string CapacityVariable = "KUMATIP_RECENT_ANSWERS";

        internal const int DefaultCapacity = 200_000;

        /// <summary>Unused this long, the memory is given back.</summary>
        internal static readonly TimeSpan IdleRelease = TimeSpan.FromMinutes(10);

        private static readonly TimeSpan IdleCheck = TimeSpan.FromMinutes(1);

        private static readonly ConcurrentDictionary<string, RecentAnswers?> ByFile = new ConcurrentDictionary<string, RecentAnswers?>(StringComparer.Ordinal);

        private readonly object _gate = new object();
        private readonly int _half;
        private readonly TextPool _pool = new TextPool();
        private Dictionary<string, CachedSummary> _young = NewGeneration();
        private Dictionary<string, CachedSummary> _old = NewGeneration();
        private string? _token;
        private long _lastUse;
        private Timer? _idleTimer;
        private long _hits;

        internal RecentAnswers(int capacity)
        {
            if (capacity < 2) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "At least 2 answers.");
            _half = capacity / 2;
        }

        /// <summary>The process's memory for the data file at <paramref name="path"/>; null when <see cref="CapacityVariable"/> turns it off.</summary>
        public static RecentAnswers? For(string path) => ByFile.GetOrAdd(System.IO.Path.GetFullPath(path), _ =>
        {
            var capacity = ParseCapacity(Environment.GetEnvironmentVariable(CapacityVariable));
            return capacity == 0 ? null : new RecentAnswers(capacity);
        });

        /// <summary>A whole number from 0 up; anything else is the default.</summary>
        internal static int ParseCapacity(string? text)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var capacity)) return DefaultCapacity;
            return capacity < 2 ? 0 : capacity;
        }

        /// <summary>How many answers it holds.</summary>
        public int Count
        {
            get
            {
                lock (_gate) return _young.Count + _old.Count;
            }
        }

        /// <summary>How many keys it has answered since it was made (for tests and benchmarks).</summary>
        public long Hits => Interlocked.Read(ref _hits);

        /// <summary>
        /// Takes the results token the file holds now, read in the transaction whose lookups follow. Forgets everything
        /// when it differs from the one the memory was filled under; returns false (memory not to be used) without one.
        /// </summary>
        public bool Trust(string? token)
        {
            lock (_gate)
            {
                Touch();
                if (token == _token) return token != null;
                Forget();
                _token = token;
                return token != null;
            }
        }

        /// <summary>Moves the keys it holds from <paramref name="keys"/> into <paramref name="found"/>; returns the others, in order.</summary>
        public List<string> Lookup(List<string> keys, Dictionary<string, CachedSummary> found)
        {
            var missing = new List<string>();
            lock (_gate)
            {
                foreach (var key in keys)
                {
                    if (_young.TryGetValue(key, out var summary))
                    {
                        found[key] = summary;
                    }
                    else if (_old.TryGetValue(key, out summary))
                    {
                        // Asked for again: it stays when the older half goes.
                        _old.Remove(key);
                        Add(key, summary);
                        found[key] = summary;
                    }
                    else
                    {
                        missing.Add(key);
                    }
                }
            }
            Interlocked.Add(ref _hits, keys.Count - missing.Count);
            return missing;
        }

        /// <summary>The summary of <paramref name="doc"/>, read for <paramref name="key"/> under the trusted token, kept.</summary>
        public CachedSummary Remember(string key, BsonDocument doc)
        {
            lock (_gate)
            {
                var summary = CachedSummary.FromDocument(doc, _pool, key);
                Add(key, summary);
                return summary;
            }
        }

        /// <summary>This process writes the cached results under <paramref name="token"/>: what it holds may be stale now.</summary>
        public void Changed(string token)
        {
            lock (_gate)
            {
                Forget();
                _token = token;
            }
        }

        /// <summary>Gives the memory back when unused for <see cref="IdleRelease"/> (a timer calls it; tests give the time).</summary>
        internal void ReleaseIfIdle(long nowTimestamp)
        {
            lock (_gate)
            {
                if (nowTimestamp - _lastUse < IdleRelease.TotalSeconds * Stopwatch.Frequency) return;
                Forget();
                _token = null;
            }
        }

        private void Add(string key, CachedSummary summary)
        {
            if (_young.Count >= _half)
            {
                _old = _young;
                _young = NewGeneration();
            }
            _young[key] = summary;
            if (_idleTimer == null)
            {
                _idleTimer = new Timer(_ => ReleaseIfIdle(Stopwatch.GetTimestamp()), null, IdleCheck, IdleCheck);
            }
        }

        private void Forget()
        {
            // New dictionaries rather than Clear(): a cleared one keeps its size in memory.
            if (_young.Count > 0) _young = NewGeneration();
            if (_old.Count > 0) _old = NewGeneration();
            _pool.Clear();
            _idleTimer?.Dispose();
            _idleTimer = null;
        }

        private void Touch() => _lastUse = Stopwatch.GetTimestamp();

        private static Dictionary<string, CachedSummary> NewGeneration() => new Dictionary<string, CachedSummary>(StringComparer.Ordinal);
    }
}
