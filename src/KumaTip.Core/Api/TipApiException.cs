using System;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Api
{
    /// <summary>
    /// A request that produced no result. The message names the indicator and says what to do; it never holds a
    /// secret value or a whole HTML page.
    /// </summary>
    public sealed class TipApiException : Exception
    {
        public TipApiException(TipApiErrorKind kind, string message, TipIndicator? indicator = null, int? statusCode = null,
            TimeSpan? retryAfter = null, Exception? innerException = null)
            : base(message, innerException)
        {
            Kind = kind;
            Indicator = indicator;
            StatusCode = statusCode;
            RetryAfter = retryAfter;
        }

        public TipApiErrorKind Kind { get; }

        public TipIndicator? Indicator { get; }

        /// <summary>The HTTP status, when there was an answer.</summary>
        public int? StatusCode { get; }

        /// <summary>The portal's Retry-After, when it gave one.</summary>
        public TimeSpan? RetryAfter { get; }

        /// <summary>True when no later request can succeed until the user acts (credentials, terms, access, quota, certificate, proxy login).</summary>
        public bool StopsBatch => Kind == TipApiErrorKind.Unauthorized || Kind == TipApiErrorKind.Forbidden
            || Kind == TipApiErrorKind.QuotaExceeded || Kind == TipApiErrorKind.CertificateInvalid
            || Kind == TipApiErrorKind.ProxyAuthenticationRequired;
    }
}
