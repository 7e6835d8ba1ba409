using System.Net;
using System.Security;

namespace KumaTip.PowerShell.Support
{
    /// <summary>Plain text of a SecureString, for the moment it takes to encrypt it at rest.</summary>
    internal static class SecureStrings
    {
        public static string? Plain(SecureString? value) => value == null ? null : new NetworkCredential(string.Empty, value).Password;
    }
}
