using KumaTip.Core.Api;

namespace KumaTip.Core.Lookups.Stages
{
    /// <summary>The error category a caller reports for each kind of API failure.</summary>
    internal static class ApiErrorCategories
    {
        public static LookupErrorCategory Of(TipApiErrorKind kind) => kind switch
        {
            TipApiErrorKind.BadRequest => LookupErrorCategory.InvalidArgument,
            TipApiErrorKind.UriTooLong => LookupErrorCategory.InvalidArgument,
            TipApiErrorKind.Unauthorized => LookupErrorCategory.AuthenticationError,
            TipApiErrorKind.ProxyAuthenticationRequired => LookupErrorCategory.AuthenticationError,
            TipApiErrorKind.Forbidden => LookupErrorCategory.PermissionDenied,
            TipApiErrorKind.QuotaExceeded => LookupErrorCategory.LimitsExceeded,
            TipApiErrorKind.RateLimited => LookupErrorCategory.LimitsExceeded,
            TipApiErrorKind.CertificateInvalid => LookupErrorCategory.SecurityError,
            TipApiErrorKind.MalformedResponse => LookupErrorCategory.InvalidResult,
            TipApiErrorKind.Timeout => LookupErrorCategory.OperationTimeout,
            TipApiErrorKind.Network => LookupErrorCategory.ConnectionError,
            TipApiErrorKind.ServerError => LookupErrorCategory.ConnectionError,
            TipApiErrorKind.CircuitOpen => LookupErrorCategory.ConnectionError,
            _ => LookupErrorCategory.NotSpecified,
        };
    }
}
