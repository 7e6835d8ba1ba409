using System;

namespace KumaTip.Core.Api
{
    /// <summary>A client that says when a request waits to be tried again, so a batch that stops (quota, refusal) can end that wait.</summary>
    internal interface IRetryReporting
    {
        event EventHandler<TipRetryEventArgs>? Retrying;
    }
}
