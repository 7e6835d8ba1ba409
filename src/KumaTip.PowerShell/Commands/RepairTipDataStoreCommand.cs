using System;
using System.Management.Automation;
using KumaTip.Core.Storage;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Moves a damaged data file aside, unchanged and with the time in its name, and starts a new, empty one.</summary>
    /// <remarks>
    /// KumaTip never replaces its data file (kumatip.db in the data directory: KUMATIP_HOME, else the per-OS default) on
    /// its own. When the file is damaged (empty, cut short, overwritten by another file, or with pages LiteDB cannot
    /// read), every command stops with a TipStorageFailed error (category InvalidData) that names the file and what
    /// could not be read, and points here.
    ///
    /// Repair-TipDataStore first reads the whole file (its header, then every record of every collection; on a large
    /// cache this takes a while) and changes nothing. If it finds damage, it asks for confirmation (ConfirmImpact High),
    /// then moves the file to kumatip-damaged-yyyyMMddTHHmmssZ.db in the same directory (its LiteDB log file, if any,
    /// beside it as kumatip-damaged-yyyyMMddTHHmmssZ-log.db, the name LiteDB tools look for), owner-only, and creates a
    /// new, empty data file. The key file (secrets.key) stays. It writes a TipDataStoreRepair (DataDirectory, DataFile,
    /// MovedTo, LogMovedTo, Problem, RepairedAt) and a warning saying where the old file went.
    ///
    /// The new data file holds nothing: store the secrets again with New-TipSecret, set the connection with
    /// Set-TipSettings; cached results, tasks and the request count start over. Restoring a backup of the data directory
    /// instead of repairing keeps them.
    ///
    /// A sound data file is not moved: that is a non-terminating TipDataStoreNotDamaged error (InvalidOperation), unless
    /// -Force is given, which moves it aside all the same (a fresh start that keeps the old file). Without a data file
    /// there is nothing to do, and a warning says so. Another process holding the file ends the command with
    /// TipStorageFailed (ResourceBusy), a read-only data directory with TipStorageFailed (PermissionDenied). -Tenant is
    /// ignored: the data file holds every tenant.
    /// </remarks>
    /// <example>
    /// <code>Repair-TipDataStore -WhatIf</code>
    /// <para>Reads the data file and says what is wrong with it and what would be moved, without moving anything.</para>
    /// </example>
    /// <example>
    /// <code>Repair-TipDataStore
    /// New-TipSecret -Name prod -Credential (Get-Credential) -CertificatePath ./client.pfx -CertificatePassword (Read-Host -AsSecureString 'PFX password')
    /// Set-TipSettings -Secret prod</code>
    /// <para>After a TipStorageFailed error saying the data file is damaged: moves it aside after asking, then stores the secret and the connection again.</para>
    /// </example>
    /// <example>
    /// <code>Repair-TipDataStore -Force -Confirm:$false | Select-Object MovedTo</code>
    /// <para>Starts over with an empty data file whatever the state of the old one, without a prompt (a script resetting a lab machine), and shows where the old file was kept.</para>
    /// </example>
    [Cmdlet(VerbsDiagnostic.Repair, "TipDataStore", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Base + "Repair-TipDataStore.md")]
    [OutputType(typeof(TipDataStoreRepair))]
    public sealed class RepairTipDataStoreCommand : StorageCmdlet
    {
        /// <summary>Moves the data file aside even when no damage is found in it. It does not suppress confirmation (use -Confirm:$false).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void OnProcessRecord()
        {
            var directory = DataDirectory.Resolve();
            WriteVerbose("Reading every record of KumaTip's data file in '" + directory + "'.");
            var diagnosis = DataStoreRepair.Diagnose(directory);
            if (!diagnosis.Exists)
            {
                WriteWarning("There is no data file '" + diagnosis.Path + "', so there is nothing to repair; the next KumaTip command creates one.");
                return;
            }
            if (diagnosis.Problem == null && !Force)
            {
                WriteError(new ErrorRecord(new InvalidOperationException(
                        "KumaTip's data file '" + diagnosis.Path + "' is not damaged as far as KumaTip can tell: its header and every record could be read. Nothing was moved. " +
                        "To start over with an empty data file all the same (the old one is kept), run Repair-TipDataStore -Force."),
                    "TipDataStoreNotDamaged", ErrorCategory.InvalidOperation, diagnosis.Path));
                return;
            }
            var problem = diagnosis.Problem ?? "no damage was found; moved aside on request (-Force)";
            WriteVerbose("'" + diagnosis.Path + "': " + problem);
            if (!ShouldProcess("KumaTip's data file '" + diagnosis.Path + "' (" + problem + ")", "Move aside and start a new, empty data file")) return;
            var repair = DataStoreRepair.MoveAside(directory, problem, DateTimeOffset.UtcNow);
            if (repair == null)
            {
                WriteWarning("The data file '" + diagnosis.Path + "' was gone by the time it was to be moved (another session repaired it?); nothing was moved.");
                return;
            }
            WriteWarning("KumaTip's data file was moved to '" + repair.MovedTo + "'" + (repair.LogMovedTo == null ? "" : " (its log to '" + repair.LogMovedTo + "')") +
                 ". The new data file '" + repair.DataFile + "' is empty: store your secrets again with New-TipSecret and set the connection with Set-TipSettings; " +
                 "cached results, tasks and the request count start over.");
            WriteObject(repair);
        }
    }
}
