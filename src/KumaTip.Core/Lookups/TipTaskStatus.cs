namespace KumaTip.Core.Lookups
{
    /// <summary>The life of a task, as KUMA's task manager shows it.</summary>
    public enum TipTaskStatus
    {
        Queued,
        Running,
        Completed,
        PartiallyCompleted,
        Failed,
        Cancelled,

        /// <summary>Was running, but the process running it is gone (killed, crashed, machine restarted): Restart-TipTask finishes it.</summary>
        Abandoned,
    }
}
