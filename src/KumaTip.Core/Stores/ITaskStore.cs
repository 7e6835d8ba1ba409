using System.Collections.Generic;
using KumaTip.Core.Indicators;
using KumaTip.Core.Lookups;

namespace KumaTip.Core.Stores
{
    /// <summary>
    /// Tasks and their items (the task manager). Every change is a short transaction of its own or joins the caller's
    /// (the lookup writer's), never one held across a request.
    /// </summary>
    public interface ITaskStore
    {
        /// <summary>Creates a Running task owned by this process, with no items yet.</summary>
        TipTask Create(LookupOptions options);

        /// <summary>A Running ThreatAnalysis task for one file, its hash the one pending item.</summary>
        TipTask CreateAnalysis(string tenant, string createdBy, string fileName, TipIndicator hash);

        /// <summary>The analysed file reached the service: from now on a restart polls instead of uploading.</summary>
        void MarkUploaded(int taskId);

        /// <summary>Adds pending items (an indicator already in the task is skipped) and notes how many input rows the run had received.</summary>
        void AddItems(int taskId, IReadOnlyCollection<TipIndicator> indicators, int received = 0);

        /// <summary>Records the new state of items inside the caller's transaction; returns whether Stop-TipTask asked the task to stop.</summary>
        bool RecordItems(int taskId, IEnumerable<(TipIndicator Indicator, TaskItemState State, string? Error)> changes);

        /// <summary>The run that created the task has seen the end of its input and recorded every row of it.</summary>
        void MarkInputComplete(int taskId, int received);

        /// <summary>Marks that the owner is alive; returns whether Stop-TipTask asked the task to stop.</summary>
        bool Heartbeat(int taskId, int received = 0);

        /// <summary>Ends a run: the final status, a message, and no owner.</summary>
        TipTask Finish(int taskId, TipTaskStatus status, string? message);

        /// <summary>Takes a task over for a restart; null (with the reason) when a live process runs it.</summary>
        TipTask? TryClaim(int taskId, out string? refusal);

        /// <summary>Asks the process running the task to stop; an abandoned task is marked Cancelled at once.</summary>
        TipTask? RequestStop(int taskId);

        TipTask? Get(int taskId);

        /// <summary>Every task, newest first.</summary>
        IReadOnlyList<TipTask> List();

        /// <summary>The items of a task, in the order they were added.</summary>
        IReadOnlyList<TaskItem> ItemsOf(int taskId);
    }
}
