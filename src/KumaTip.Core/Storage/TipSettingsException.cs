using System;

namespace KumaTip.Core.Storage
{
    /// <summary>A setting was refused; the message names the value and what is allowed.</summary>
    public sealed class TipSettingsException : Exception
    {
        public TipSettingsException(string setting, string message, Exception? inner = null) : base(message, inner)
        {
            Setting = setting;
        }

        /// <summary>The setting (parameter name without the dash) that was refused.</summary>
        public string Setting { get; }
    }
}
