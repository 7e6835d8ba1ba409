namespace KumaTip.Core.Stores.Copy
{
    /// <summary>A tenant that was not copied, and why (with the cure).</summary>
    public sealed class TipStoreCopyFailure
    {
        public TipStoreCopyFailure(string tenant, string message, System.Exception exception)
        {
            Tenant = tenant;
            Message = message;
            Exception = exception;
        }

        public string Tenant { get; }

        /// <summary>Names the tenant, the team store and what to do (an administrator grants the tenant).</summary>
        public string Message { get; }

        /// <summary>The store's own error (no password in it).</summary>
        public System.Exception Exception { get; }
    }
}
