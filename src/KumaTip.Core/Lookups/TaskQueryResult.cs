using System.Collections.Generic;

namespace KumaTip.Core.Lookups
{
    /// <summary>What a <see cref="TaskQuery"/> selected.</summary>
    public sealed class TaskQueryResult
    {
        public TaskQueryResult(IReadOnlyList<TipTask> tasks, IReadOnlyList<int> missingIds)
        {
            Tasks = tasks;
            MissingIds = missingIds;
        }

        /// <summary>The tasks to show, in the order given (newest first from the store).</summary>
        public IReadOnlyList<TipTask> Tasks { get; }

        /// <summary>Asked-for ids with no task visible for the tenant, each once, in the order asked.</summary>
        public IReadOnlyList<int> MissingIds { get; }
    }
}
