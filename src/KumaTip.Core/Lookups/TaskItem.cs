using KumaTip.Core.Indicators;

namespace KumaTip.Core.Lookups
{
    /// <summary>One indicator of a task.</summary>
    public sealed class TaskItem
    {
        public TaskItem(int taskId, TipIndicator indicator, TaskItemState state, string? error)
        {
            TaskId = taskId;
            Indicator = indicator;
            State = state;
            Error = error;
        }

        public int TaskId { get; }

        public TipIndicator Indicator { get; }

        public TaskItemState State { get; }

        /// <summary>Why the last request for it failed.</summary>
        public string? Error { get; }
    }
}
