using System;

namespace KumaTip.Core.Api
{
    /// <summary>
    /// A client that says when a request waits to be tried again, and when that wait is over, so a batch that stops
    /// (quota, refusal) can end the wait without cutting off an attempt already on the wire, which may be paid for.
    /// </summary>
    internal interface IRetryReporting
    {
        event EventHandler<TipRetryEventArgs>? Retrying;

        event EventHandler<TipAttemptEventArgs>? RetryAttemptStarting;
    }
}
