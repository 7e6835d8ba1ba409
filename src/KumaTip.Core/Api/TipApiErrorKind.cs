namespace KumaTip.Core.Api
{
    /// <summary>What went wrong with a request, so callers can decide without parsing messages.</summary>
    public enum TipApiErrorKind
    {
        /// <summary>400: the portal refused the value or the parameters.</summary>
        BadRequest,

        /// <summary>401: wrong user or password, or the Terms of Use not accepted.</summary>
        Unauthorized,

        /// <summary>403: the account has no API access.</summary>
        Forbidden,

        /// <summary>The daily quota is spent (403 naming the quota, or LicenseInfo says so).</summary>
        QuotaExceeded,

        /// <summary>414, or refused before sending: the value is longer than the portal accepts.</summary>
        UriTooLong,

        /// <summary>429 after every retry.</summary>
        RateLimited,

        /// <summary>5xx after every retry.</summary>
        ServerError,

        /// <summary>No answer in time after every retry.</summary>
        Timeout,

        /// <summary>Connection refused, reset or dropped after every retry; DNS or proxy failure.</summary>
        Network,

        /// <summary>The server certificate did not validate, or the client certificate was refused.</summary>
        CertificateInvalid,

        /// <summary>A 200 whose body is not the JSON expected.</summary>
        MalformedResponse,

        /// <summary>407: the proxy wants a login, or refused the one given; never retried (failed logins lock accounts).</summary>
        ProxyAuthenticationRequired,

        /// <summary>The circuit breaker is open after repeated failures.</summary>
        CircuitOpen,

        /// <summary>Any other status.</summary>
        Unexpected,
    }
}
