using System;
using System.Management.Automation;
using System.Threading.Tasks;
using KumaTip.Core.Secrets;
using KumaTip.Core.Stores;
using KumaTip.Core.Stores.Copy;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Copies the local cache, task history, quota ledger and licence snapshot into the PostgreSQL team store, once, so an analyst who joins the team keeps what they paid for.</summary>
    /// <remarks>
    /// Copy-TipStore reads the local data file (the LiteDB file in the data directory) and writes into the team store that
    /// Get-TipStore shows (Set-TipStore -PostgreSql or KUMATIP_STORE); run Initialize-TipStore first. It copies every
    /// tenant of the local file, or those of -Tenant:
    /// - cached results with their bodies: a result the team store has no answer for, or an older one, is written; a newer
    ///   team answer is kept (ResultsSkippedAsOlder), and the same answer is left alone (ResultsAlreadyPresent);
    /// - tasks with their items: they get new ids in the team store, and the copied results point at the copied tasks. A
    ///   task that was running locally reads as abandoned there, for Restart-TipTask by anyone of the team;
    /// - the ledger of requests spent (booked as spent by you): they count in the team's quota for their day;
    /// - the licence snapshot, when newer than the team store's.
    ///
    /// It is safe to run again: tasks and ledger rows remember which data file and local row they came from, so a second
    /// copy adds nothing and today's spend is never counted twice. It works in batches inside moderate transactions, with
    /// progress; an interrupted copy keeps what it committed, and running it again finishes it.
    ///
    /// Output: one TipStoreCopySummary (counts of what was copied and of what was there already). A tenant the team store's
    /// role may not write (row-level security) gets one TipStoreCopyTenantDenied error naming the tenant and how an
    /// administrator grants it; the other tenants are copied. When the store in use is the local file there is nothing to
    /// copy to: TipStoreNotPostgreSql. -WhatIf says what would be copied, without connecting to the team store.
    /// </remarks>
    /// <example>
    /// <code>Set-TipStore -PostgreSql -ConnectionString 'Host=db.corp;Database=kumatip;Username=alice' -Credential (Get-Credential alice)
    /// Copy-TipStore</code>
    /// <para>Alice joins the team store and brings her cache, tasks and spend along. Running Copy-TipStore again copies nothing new.</para>
    /// </example>
    /// <example>
    /// <code>Copy-TipStore -Tenant Main -WhatIf</code>
    /// <para>Shows how many cached results, tasks, items and ledger rows of the tenant Main would be copied, and to which server.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Copy, "TipStore", SupportsShouldProcess = true, HelpUri = HelpLinks.Base + "Copy-TipStore.md")]
    [OutputType(typeof(TipStoreCopySummary))]
    public sealed class CopyTipStoreCommand : WorkspaceCmdlet
    {
        /// <summary>The error id of a tenant the team store's role may not write.</summary>
        public const string TenantDenied = "TipStoreCopyTenantDenied";

        /// <summary>The tenants to copy (compared without regard to case); without it, every tenant the local data file holds.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TenantCompleter))]
        public new string[]? Tenant { get; set; }

        protected override void OnProcessRecord()
        {
            StoreCopier copier;
            StoreCopyPlan plan;
            try
            {
                copier = StoreCopier.ForWorkspace(Workspace);
                plan = copier.Plan(Tenant);
            }
            catch (TipStoreException ex)
            {
                WriteError(TipErrors.From(ex));
                return;
            }
            catch (TipSecretException ex)
            {
                WriteError(TipErrors.From(ex, "store"));
                return;
            }
            catch (ArgumentException ex)
            {
                WriteError(TipErrors.InvalidTenant(ex, string.Join(", ", Tenant ?? Array.Empty<string>())));
                return;
            }
            if (!ShouldProcess(copier.TargetLocation, "Copy from the " + copier.SourceLocation + ": " + plan.Describe())) return;

            RunAsync(async () =>
            {
                var activity = "Copying to the " + copier.TargetLocation;
                var progress = new Progress(this, activity);
                // Synchronous store calls: on one pool thread, so the local file's lock stays with the thread that took it.
                var outcome = await Task.Run(() => copier.Copy(Tenant, progress, StopToken), StopToken).ConfigureAwait(false);
                QueueProgress(new ProgressRecord(1, activity, "Done") { RecordType = ProgressRecordType.Completed });
                foreach (var failure in outcome.Failures)
                {
                    QueueError(new ErrorRecord(new TipStoreException(TipStoreProblem.PermissionDenied, failure.Message, copier.TargetServer, failure.Exception),
                        TenantDenied, ErrorCategory.PermissionDenied, failure.Tenant));
                }
                QueueObject(outcome.Summary);
            });
        }

        /// <summary>Turns the copier's counts into progress records, written on the pipeline thread.</summary>
        private sealed class Progress : IProgress<StoreCopyProgress>
        {
            private readonly CopyTipStoreCommand _command;
            private readonly string _activity;

            public Progress(CopyTipStoreCommand command, string activity)
            {
                _command = command;
                _activity = activity;
            }

            public void Report(StoreCopyProgress value)
            {
                var record = new ProgressRecord(1, _activity, "Tenant " + value.Tenant + ": " + value.Stage + " " + value.Done + " of " + value.Total)
                {
                    PercentComplete = value.Total == 0 ? 100 : (int)Math.Min(100, value.Done * 100L / value.Total),
                };
                _command.QueueProgress(record);
            }
        }
    }
}
