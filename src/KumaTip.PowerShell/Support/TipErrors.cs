using System;
using System.Management.Automation;
using KumaTip.Core.Connection;
using KumaTip.Core.Secrets;
using KumaTip.Core.Storage;
using KumaTip.Core.Stores;

namespace KumaTip.PowerShell.Support
{
    /// <summary>
    /// Core exceptions as ErrorRecords with a specific FullyQualifiedErrorId and category, so scripts can tell
    /// them apart without parsing messages. Messages come from Core and never hold a secret value.
    /// </summary>
    internal static class TipErrors
    {
        public static ErrorRecord From(TipSecretException ex, object? target)
        {
            var (id, category) = ex.Error switch
            {
                TipSecretError.InvalidName => ("InvalidSecretName", ErrorCategory.InvalidArgument),
                TipSecretError.AlreadyExists => ("SecretAlreadyExists", ErrorCategory.ResourceExists),
                TipSecretError.NotFound => ("SecretNotFound", ErrorCategory.ObjectNotFound),
                TipSecretError.InUse => ("SecretInUse", ErrorCategory.ResourceBusy),
                TipSecretError.KeyMissing => ("SecretKeyUnavailable", ErrorCategory.SecurityError),
                TipSecretError.Tampered => ("SecretTampered", ErrorCategory.InvalidData),
                TipSecretError.WrongCertificatePassword => ("CertificatePasswordWrong", ErrorCategory.AuthenticationError),
                TipSecretError.NoPrivateKey => ("CertificateWithoutPrivateKey", ErrorCategory.InvalidData),
                TipSecretError.CertificateExpired => ("CertificateExpired", ErrorCategory.InvalidData),
                TipSecretError.CertificateNotYetValid => ("CertificateNotYetValid", ErrorCategory.InvalidData),
                TipSecretError.InvalidCertificate => ("CertificateInvalid", ErrorCategory.InvalidData),
                TipSecretError.InvalidCredential => ("CredentialInvalid", ErrorCategory.InvalidArgument),
                TipSecretError.InvalidToken => ("ApiTokenInvalid", ErrorCategory.InvalidArgument),
                TipSecretError.WrongAuthentication => ("SecretAuthenticationMismatch", ErrorCategory.InvalidOperation),
                _ => ("SecretError", ErrorCategory.NotSpecified),
            };
            return new ErrorRecord(ex, id, category, target);
        }

        public static ErrorRecord From(TipSettingsException ex, object? target)
            => ex.Setting == "Secret"
                ? new ErrorRecord(ex, "SecretNotFound", ErrorCategory.ObjectNotFound, target)
                : new ErrorRecord(ex, "Invalid" + ex.Setting, ErrorCategory.InvalidArgument, target);

        public static ErrorRecord From(TipConnectionUnavailableException ex)
            => new ErrorRecord(ex, "Connection" + ex.Reason, ex.Reason == ConnectionUnavailableReason.Disabled ? ErrorCategory.ResourceUnavailable : ErrorCategory.InvalidOperation, ex.Tenant);

        /// <summary>
        /// The data directory or file cannot be used: one id for every storage problem (as a lookup reports it), the
        /// category telling damaged, busy and read-only apart, the file (or directory) as target.
        /// </summary>
        public static ErrorRecord From(TipStorageException ex)
        {
            var category = ex.Problem switch
            {
                TipStorageProblem.Damaged => ErrorCategory.InvalidData,
                TipStorageProblem.Busy => ErrorCategory.ResourceBusy,
                TipStorageProblem.ReadOnly => ErrorCategory.PermissionDenied,
                _ => ErrorCategory.WriteError,
            };
            return new ErrorRecord(ex, StorageFailed, category, ex.File ?? ex.Directory);
        }

        /// <summary>
        /// The team store cannot be chosen or used: the id names the problem (TipStoreAuthenticationFailed,
        /// TipStoreUnreachable, TipStoreSchemaNewer…), the target is the server (host:port), never a connection string.
        /// </summary>
        public static ErrorRecord From(TipStoreException ex)
        {
            var category = ex.Problem switch
            {
                TipStoreProblem.InvalidConnectionString => ErrorCategory.InvalidArgument,
                TipStoreProblem.InvalidArgument => ErrorCategory.InvalidArgument,
                TipStoreProblem.AuthenticationFailed => ErrorCategory.AuthenticationError,
                TipStoreProblem.DatabaseMissing => ErrorCategory.ObjectNotFound,
                TipStoreProblem.Unreachable => ErrorCategory.ConnectionError,
                TipStoreProblem.PermissionDenied => ErrorCategory.PermissionDenied,
                TipStoreProblem.SchemaNewer => ErrorCategory.NotInstalled,
                TipStoreProblem.SchemaMissing => ErrorCategory.NotInstalled,
                TipStoreProblem.NotPostgreSql => ErrorCategory.InvalidOperation,
                TipStoreProblem.SavedPasswordUnreadable => ErrorCategory.SecurityError,
                _ => ErrorCategory.NotSpecified,
            };
            return new ErrorRecord(ex, "TipStore" + ex.Problem, category, ex.Server);
        }

        /// <summary>The error id of every storage problem.</summary>
        public const string StorageFailed = "TipStorageFailed";

        public static ErrorRecord FileNotFound(string path, string parameter)
            => new ErrorRecord(new System.IO.FileNotFoundException($"The file '{path}' given as -{parameter} does not exist. Check the path.", path),
                parameter + "NotFound", ErrorCategory.ObjectNotFound, path);

        public static ErrorRecord InvalidTenant(ArgumentException ex, string? tenant)
            => new ErrorRecord(ex, "InvalidTenant", ErrorCategory.InvalidArgument, tenant);
    }
}
