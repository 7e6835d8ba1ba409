using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

namespace KumaTip.Core.Storage
{
    /// <summary>
    /// A bounded wait for the data file. LiteDB 5.0.20's shared mode takes a named mutex before every operation and
    /// waits for it without a timeout, so a second process behind a stuck or slow holder waited for ever. This opens
    /// the same mutex (LiteDB's name for the file) and takes it with a timeout first; LiteDB's own wait on the same
    /// thread then returns at once, because a mutex may be taken again by the thread that owns it.
    /// </summary>
    internal sealed class DatabaseLock : IDisposable
    {
        /// <summary>Environment variable: how many seconds to wait for a data file another process holds (default 20).</summary>
        public const string WaitVariable = "KUMATIP_STORAGE_WAIT_SECONDS";

        private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(20);

        private readonly Mutex _mutex;
        private readonly string _directory;
        private readonly string _path;

        public DatabaseLock(string directory, string path, TimeSpan wait)
        {
            _directory = directory;
            _path = path;
            Wait = wait;
            _mutex = new Mutex(false, MutexName(path));
        }

        /// <summary>How long <see cref="Enter"/> waits before it gives up with <see cref="TipStorageProblem.Busy"/>.</summary>
        public TimeSpan Wait { get; }

        /// <summary>The wait <see cref="WaitVariable"/> sets, else 20 s.</summary>
        public static TimeSpan ConfiguredWait => ParseWait(Environment.GetEnvironmentVariable(WaitVariable));

        /// <summary>Seconds (a positive number below a day) as a wait; anything else is the default.</summary>
        internal static TimeSpan ParseWait(string? text)
            => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds < 24 * 3600
                ? TimeSpan.FromSeconds(seconds)
                : DefaultWait;

        /// <summary>
        /// Takes the file's mutex on this thread (again, when it already owns it) within <see cref="Wait"/>; disposing the
        /// result gives it back, on the same thread.
        /// </summary>
        /// <exception cref="TipStorageException">Another process or thread held the file for longer than <see cref="Wait"/>.</exception>
        public Held Enter()
        {
            bool taken;
            try
            {
                taken = _mutex.WaitOne(Wait);
            }
            catch (AbandonedMutexException)
            {
                // Its holder died: the mutex is ours now, and LiteDB recovers the file from its log on the next open.
                taken = true;
            }
            if (!taken) throw Busy();
            return new Held(_mutex);
        }

        /// <summary>Gives back one hold this thread has on the mutex that nobody else will give back (LiteDB's after a failed query).</summary>
        public void ReleaseOnce() => _mutex.ReleaseMutex();

        private TipStorageException Busy() => new TipStorageException(_directory, _path, TipStorageProblem.Busy,
            "KumaTip's data file '" + _path + "' is busy or damaged: another process (or another command in this session) has held it for more than " +
            Wait.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s. Let the other KumaTip command finish or close the PowerShell session running it, then try again. " +
            "If nothing else uses it, the process holding it may be hung: end it. (" + WaitVariable + " sets how many seconds KumaTip waits.)");

        /// <summary>LiteDB 5.0.20's name for the file's mutex (SharedEngine: SHA-1 of the lower-cased full path).</summary>
        internal static string MutexName(string path)
        {
            // Current culture, as LiteDB lower-cases it: the names must match byte for byte.
            var full = System.IO.Path.GetFullPath(path).ToLower(CultureInfo.CurrentCulture);
            using var sha = SHA1.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(full));
            var name = new StringBuilder("Global\\", 7 + 40 + 6);
            foreach (var b in hash) name.Append(b.ToString("X2", CultureInfo.InvariantCulture));
            return name.Append(".Mutex").ToString();
        }

        public void Dispose() => _mutex.Dispose();

        /// <summary>One hold of the mutex.</summary>
        public readonly struct Held : IDisposable
        {
            private readonly Mutex? _mutex;

            internal Held(Mutex mutex) => _mutex = mutex;

            public void Dispose() => _mutex?.ReleaseMutex();
        }
    }
}
