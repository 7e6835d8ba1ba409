using System;
using System.Collections.Generic;
using System.Threading;

namespace KumaTip.Core.Lookups.Stages
{
    /// <summary>
    /// The last stage: every row in input order, handed out as soon as it and every row before it have an output.
    /// Its length is what the caller keeps bounded (rows added and not yet taken).
    /// </summary>
    internal sealed class OrderedOutput
    {
        // A plain queue under a lock, not a ConcurrentQueue: peeking a ConcurrentQueue pins its segment, so every row
        // taken would stay referenced (and its segment would keep doubling) until the segment is dropped.
        private readonly Queue<RowSlot> _rows = new Queue<RowSlot>();
        private readonly LookupRun _run;

        public OrderedOutput(LookupRun run) => _run = run;

        public void Enqueue(RowSlot slot)
        {
            Interlocked.Increment(ref _run.Rows);
            lock (_rows) _rows.Enqueue(slot);
        }

        public bool IsEmpty
        {
            get
            {
                lock (_rows) return _rows.Count == 0;
            }
        }

        public bool HeadReady
        {
            get
            {
                lock (_rows) return _rows.Count > 0 && _rows.Peek().Output != null;
            }
        }

        public bool TryTake(out LookupOutput output)
        {
            lock (_rows)
            {
                if (_rows.Count > 0 && _rows.Peek().Output != null)
                {
                    output = _rows.Dequeue().Output!;
                    Interlocked.Increment(ref _run.Taken);
                    return true;
                }
            }
            output = null!;
            return false;
        }

        /// <summary>The batch crashed: every row still without an output gets an error naming its own indicator.</summary>
        public void FailEverything(Exception ex)
        {
            lock (_rows)
            {
                foreach (var slot in _rows)
                {
                    if (slot.Output != null) continue;
                    var indicator = slot.Indicator ?? slot.Request.Indicator;
                    var value = indicator?.Value ?? slot.Request.Value;
                    var message = "The lookup of '" + value + "' failed: " + ex.Message;
                    var error = new LookupError("TipLookupFailed", LookupErrorCategory.NotSpecified, new InvalidOperationException(message, ex));
                    slot.Output = new LookupOutput(slot.Request, LookupOutcome.Error, null, error, message, indicator);
                }
            }
        }
    }
}
