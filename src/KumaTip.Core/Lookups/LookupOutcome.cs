namespace KumaTip.Core.Lookups
{
    /// <summary>What became of one input row.</summary>
    public enum LookupOutcome
    {
        /// <summary>An answer: fresh, cached, or not found (Found = false).</summary>
        Result,

        /// <summary>The value is not an indicator, or its request failed; see <see cref="LookupOutput.Error"/>.</summary>
        Error,

        /// <summary>Not requested: the quota is spent, the credentials were refused, or the batch was stopped. The item stays pending in its task.</summary>
        NotRequested,
    }
}
