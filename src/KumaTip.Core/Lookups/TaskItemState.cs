namespace KumaTip.Core.Lookups
{
    /// <summary>The state of one indicator of a task. Done items are never requested again.</summary>
    public enum TaskItemState
    {
        Pending,
        Done,
        Failed,
    }
}
