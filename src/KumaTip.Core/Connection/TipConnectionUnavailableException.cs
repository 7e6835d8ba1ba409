using System;

namespace KumaTip.Core.Connection
{
    /// <summary>The tenant's connection cannot be used; no request was made. The message says how to fix it.</summary>
    public sealed class TipConnectionUnavailableException : Exception
    {
        public TipConnectionUnavailableException(string tenant, ConnectionUnavailableReason reason, string message, Exception? inner = null)
            : base(message, inner)
        {
            Tenant = tenant;
            Reason = reason;
        }

        public string Tenant { get; }

        public ConnectionUnavailableReason Reason { get; }
    }
}
