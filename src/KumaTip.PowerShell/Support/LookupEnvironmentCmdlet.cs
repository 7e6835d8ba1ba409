using System;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;

namespace KumaTip.PowerShell.Support
{
    /// <summary>
    /// Base of the cmdlets that use the lookup service: the data directory is opened once per pipeline, on first use,
    /// not once per piped object (an open in shared mode reads the file and sets its permissions).
    /// </summary>
    public abstract class LookupEnvironmentCmdlet : StorageCmdlet, IDisposable
    {
        private LookupEnvironment? _environment;

        /// <summary>The database and service, opened on first use.</summary>
        internal LookupEnvironment Environment => _environment ??= LookupEnvironment.Open(null, Access);

        public virtual void Dispose()
        {
            _environment?.Dispose();
            _environment = null;
        }
    }
}
