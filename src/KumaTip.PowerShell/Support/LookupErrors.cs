using System;
using System.Management.Automation;
using KumaTip.Core.Lookups;

namespace KumaTip.PowerShell.Support
{
    /// <summary>Turns Core's lookup errors into ErrorRecords: specific id, matching category, the value as target.</summary>
    internal static class LookupErrors
    {
        public static ErrorRecord Record(LookupError error, object? target)
            => new ErrorRecord(error.Exception, error.ErrorId, Category(error.Category), target);

        public static ErrorCategory Category(LookupErrorCategory category) => category switch
        {
            LookupErrorCategory.InvalidArgument => ErrorCategory.InvalidArgument,
            LookupErrorCategory.ConnectionError => ErrorCategory.ConnectionError,
            LookupErrorCategory.LimitsExceeded => ErrorCategory.LimitsExceeded,
            LookupErrorCategory.AuthenticationError => ErrorCategory.AuthenticationError,
            LookupErrorCategory.PermissionDenied => ErrorCategory.PermissionDenied,
            LookupErrorCategory.SecurityError => ErrorCategory.SecurityError,
            LookupErrorCategory.InvalidResult => ErrorCategory.InvalidResult,
            LookupErrorCategory.OperationTimeout => ErrorCategory.OperationTimeout,
            LookupErrorCategory.ObjectNotFound => ErrorCategory.ObjectNotFound,
            LookupErrorCategory.InvalidOperation => ErrorCategory.InvalidOperation,
            LookupErrorCategory.NotInstalled => ErrorCategory.NotInstalled,
            LookupErrorCategory.WriteError => ErrorCategory.WriteError,
            _ => ErrorCategory.NotSpecified,
        };

        /// <summary>The target of a row's error: the indicator as normalized when it parsed, else the value as given.</summary>
        public static object? TargetOf(LookupOutput output) => (object?)output.Indicator?.Value ?? output.Request.Value;
    }
}
