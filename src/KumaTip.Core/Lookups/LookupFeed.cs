using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// The one loop that feeds a <see cref="LookupSession"/> and drains it, for every caller: Invoke-TipLookup and
    /// Update-TipLookup (rows as the pipeline delivers them), -AsJob and Restart-TipTask (through
    /// <see cref="LookupService.RunAsync"/> and <see cref="LookupService.RestartAsync"/>). Outputs, messages, retries
    /// and progress are handed out on the thread that feeds, so a cmdlet may write them directly. Memory is bounded:
    /// with <see cref="Window"/> rows in hand the feeder waits until half of them are taken.
    /// </summary>
    public sealed class LookupFeed
    {
        /// <summary>Rows kept in hand at most (bounded memory for any input size).</summary>
        public const int Window = 4000;

        private static readonly TimeSpan WaitStep = TimeSpan.FromMilliseconds(200);
        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

        private readonly LookupSession _session;
        private readonly Action<LookupOutput> _onOutput;
        private readonly CancellationToken _cancellationToken;
        // Retries are reported on pool threads; they are handed out here with the outputs (within one wait step).
        private readonly ConcurrentQueue<string> _retries = new ConcurrentQueue<string>();
        private DateTime _lastProgress;

        /// <param name="session">The batch to feed.</param>
        /// <param name="onOutput">Receives each row's output, in input order, on the feeding thread.</param>
        /// <param name="cancellationToken">Ends the waits (Ctrl+C, Stop-Job) with an <see cref="OperationCanceledException"/>.</param>
        public LookupFeed(LookupSession session, Action<LookupOutput> onOutput, CancellationToken cancellationToken = default)
        {
            _session = session;
            _onOutput = onOutput;
            _cancellationToken = cancellationToken;
            session.Retrying += (_, e) =>
            {
                if (OnMessage != null) _retries.Enqueue(e.Message);
            };
        }

        /// <summary>Receives -Verbose / -Debug lines and each retry (a Verbose line) on the feeding thread; null drops them.</summary>
        public Action<LookupMessage>? OnMessage { get; set; }

        /// <summary>Receives the progress now and then (at most every 250 ms) on the feeding thread; null drops it.</summary>
        public Action<LookupProgress>? OnProgress { get; set; }

        public LookupSession Session => _session;

        /// <summary>Feeds every row, then finishes.</summary>
        public void Run(IEnumerable<LookupRequest> rows)
        {
            foreach (var row in rows) Add(row);
            Finish();
        }

        /// <summary>Adds one row and hands out what is ready; over the window, waits until half of it is taken.</summary>
        public void Add(LookupRequest row)
        {
            _session.Add(row);
            Drain();
            if (_session.Outstanding < Window) return;
            // Take until half the window is free, so feeder and dispatcher do not alternate row by row.
            while (_session.Outstanding > Window / 2 && !_session.IsFinished)
            {
                _session.WaitForOutput(WaitStep, _cancellationToken);
                Drain();
            }
        }

        /// <summary>No more rows: hands out the rest as it comes, and returns when the batch is over and its task final.</summary>
        public void Finish()
        {
            _session.Complete();
            while (!_session.IsFinished)
            {
                _session.WaitForOutput(WaitStep, _cancellationToken);
                Drain();
            }
            Drain();
            _session.Completion.GetAwaiter().GetResult();
        }

        private void Drain()
        {
            var onMessage = OnMessage;
            while (_retries.TryDequeue(out var retry)) onMessage?.Invoke(new LookupMessage(false, retry));
            while (_session.TryTakeMessage(out var message)) onMessage?.Invoke(message);
            while (_session.TryTake(out var output)) _onOutput(output);
            if (OnProgress == null) return;
            var now = DateTime.UtcNow;
            if (now - _lastProgress < ProgressInterval) return;
            _lastProgress = now;
            OnProgress(_session.Progress);
        }
    }
}
