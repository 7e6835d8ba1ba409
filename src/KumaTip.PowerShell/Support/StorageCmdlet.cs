using System;
using System.Management.Automation;
using KumaTip.Core.Storage;

namespace KumaTip.PowerShell.Support
{
    /// <summary>
    /// Base of the cmdlets that use the data directory. A storage problem met at any step (a damaged, busy or
    /// read-only data file) ends the command with one terminating TipStorageFailed error naming the file, whichever
    /// store met it, and a store that cannot be chosen ends it with its TipStore… error: subclasses implement <see cref="OnBeginProcessing"/>, <see cref="OnProcessRecord"/> and
    /// <see cref="OnEndProcessing"/>, which run inside that guard.
    /// </summary>
    public abstract class StorageCmdlet : TipCmdlet
    {
        /// <summary>Whether the command writes: a read-only data directory is then refused at once. Commands that only read say <see cref="StorageAccess.Read"/>.</summary>
        internal virtual StorageAccess Access => StorageAccess.Write;

        protected sealed override void BeginProcessing() => Guard(OnBeginProcessing);

        protected sealed override void ProcessRecord() => Guard(OnProcessRecord);

        protected sealed override void EndProcessing() => Guard(OnEndProcessing);

        /// <summary>BeginProcessing, inside the storage guard.</summary>
        protected virtual void OnBeginProcessing()
        {
        }

        /// <summary>ProcessRecord, inside the storage guard.</summary>
        protected virtual void OnProcessRecord()
        {
        }

        /// <summary>EndProcessing, inside the storage guard.</summary>
        protected virtual void OnEndProcessing()
        {
        }

        private void Guard(Action step)
        {
            try
            {
                step();
            }
            catch (TipStorageException ex)
            {
                ThrowTerminatingError(TipErrors.From(ex));
            }
            catch (Core.Stores.TipStoreException ex)
            {
                // The store could not be chosen (a KUMATIP_STORE that is not a connection string) or reached: one error naming
                // the server, whichever command met it.
                ThrowTerminatingError(TipErrors.From(ex));
            }
        }
    }
}
