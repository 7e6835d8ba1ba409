using System;

namespace KumaTip.Core.Secrets
{
    /// <summary>
    /// A secret could not be stored, found, decrypted or validated. The message says what to do and never
    /// contains a secret value.
    /// </summary>
    public sealed class TipSecretException : Exception
    {
        public TipSecretException(TipSecretError error, string message, Exception? inner = null)
            : base(message, inner)
        {
            Error = error;
        }

        /// <summary>What went wrong, for a specific error id in the cmdlets.</summary>
        public TipSecretError Error { get; }
    }
}
