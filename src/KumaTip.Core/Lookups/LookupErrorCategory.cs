namespace KumaTip.Core.Lookups
{
    /// <summary>The kind of failure, mapped one to one onto PowerShell's ErrorCategory by the cmdlets.</summary>
    public enum LookupErrorCategory
    {
        InvalidArgument,
        ConnectionError,
        LimitsExceeded,
        AuthenticationError,
        PermissionDenied,
        SecurityError,
        InvalidResult,
        OperationTimeout,
        NotSpecified,
        ObjectNotFound,
        InvalidOperation,
        NotInstalled,
        WriteError,
    }
}
