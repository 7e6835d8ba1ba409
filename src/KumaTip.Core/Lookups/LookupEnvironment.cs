using System;
using System.Linq;
using KumaTip.Core.Api;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// What a lookup cmdlet opens: the data directory (<see cref="TipWorkspace"/>) and the lookup service wired to the
    /// tenant's settings, connection (secret, endpoint, proxy, CA) and ledger. The one composition root of lookups,
    /// shared by cmdlets, background jobs and hosts.
    /// </summary>
    public sealed class LookupEnvironment : IDisposable
    {
        private LookupEnvironment(TipWorkspace workspace)
        {
            Workspace = workspace;
            Service = new LookupService(workspace.Store, CreateClient, null, new WorkspaceLedger(workspace), workspace.Time);
        }

        /// <summary>Opens the data directory <paramref name="directory"/> (default: KUMATIP_HOME or the per-OS default).</summary>
        public static LookupEnvironment Open(string? directory = null)
            => Open(directory, StorageAccess.Write);

        /// <summary>Opens the data directory for <paramref name="access"/>: <see cref="StorageAccess.Read"/> for the cmdlets that only read the cache and tasks.</summary>
        public static LookupEnvironment Open(string? directory, StorageAccess access)
            => new LookupEnvironment(new TipWorkspace(directory ?? DataDirectory.Resolve(), access));

        public TipWorkspace Workspace { get; }

        public TipDatabase Database => Workspace.Database;

        public LookupService Service { get; }

        /// <summary>Options for a batch of <paramref name="tenant"/>: the tenant's settings (MaxRecords, CacheTtl, ThrottleLimit, endpoint), then what the caller gives.</summary>
        public LookupOptions OptionsFor(string tenant, int? maxRecords = null, int? throttleLimit = null)
        {
            tenant = Tenants.Normalize(tenant);
            var settings = Service.WithDatabase(() => Workspace.Settings.Get(tenant));
            var service = CacheKey.ServiceOf(settings.Service);
            return new LookupOptions
            {
                Tenant = tenant,
                // OpenTIP takes no count: its answers hold what it sends, stored as "all records".
                MaxRecords = service == Api.PortalService.OpenTip ? null : maxRecords ?? settings.MaxRecords,
                CacheTtl = settings.CacheTtl <= TimeSpan.Zero ? (TimeSpan?)null : settings.CacheTtl,
                ThrottleLimit = throttleLimit ?? settings.ThrottleLimit,
                Portal = settings.Endpoint,
                Service = service,
            };
        }

        /// <summary>
        /// The file analysis of a tenant: its OpenTIP client and a recorder into this data directory's tasks and cache.
        /// Refused, before anything is sent, for a tenant on TIP, whose sandbox API is not documented enough to build against.
        /// </summary>
        /// <exception cref="InvalidOperationException">The tenant uses TIP.</exception>
        public (Analysis.FileAnalysisService Analysis, Analysis.FileAnalysisRecorder Recorder, IDisposable Client) CreateFileAnalysis(string tenant)
        {
            var options = OptionsFor(tenant);
            if (options.Service != PortalService.OpenTip)
            {
                throw new InvalidOperationException(
                    $"Tenant '{options.Tenant}' uses the commercial portal (TIP), whose sandbox endpoints are not documented enough to build against, so KumaTip does not upload files there; nothing was sent. "
                    + "File analysis goes to OpenTIP: use a tenant set up with Set-TipSettings -Service OpenTip and an OpenTIP token secret.");
            }

            var client = (TipClient)CreateClient(options);
            var recorder = new Analysis.FileAnalysisRecorder(Service, options.Tenant, options.Portal ?? Service.Portal);
            return (new Analysis.FileAnalysisService(client, recorder, Workspace.Time), recorder, client);
        }

        /// <summary>
        /// Restart-TipTask for a ThreatAnalysis task: polls for the uploaded file's result (nothing is uploaded again),
        /// stores it and completes the task.
        /// </summary>
        /// <exception cref="InvalidOperationException">The file never reached the service, the task runs elsewhere, or the tenant is on TIP.</exception>
        public async System.Threading.Tasks.Task<TipTask> ResumeFileAnalysisAsync(TipTask task, Analysis.FileAnalysisOptions options, IProgress<Analysis.FileAnalysisProgress>? progress, System.Threading.CancellationToken cancellationToken)
        {
            if (!task.Uploaded)
            {
                throw new InvalidOperationException(
                    $"Task {task.Id}'s file {task.FileName} never reached OpenTIP (the upload did not finish), so there is nothing to wait for; nothing was sent. Run Submit-TipFile on the file again.");
            }

            var hash = Service.WithDatabase(() => Service.Tasks.ItemsOf(task.Id)).Select(i => i.Indicator).FirstOrDefault()
                       ?? throw new InvalidOperationException($"Task {task.Id} has no file hash to ask about.");
            var (analysis, recorder, client) = CreateFileAnalysis(task.Tenant);
            using (client)
            {
                Service.WithDatabase(() => Service.Tasks.TryClaim(task.Id, out var refusal) ?? throw new InvalidOperationException(refusal));
                try
                {
                    await analysis.ResumeAsync(task.Id, task.FileName ?? hash.Value, hash.Value, options, progress, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    recorder.Stop(task.Id, failed: false, "Stopped by the user; Restart-TipTask -Id " + task.Id + " polls again.");
                    throw;
                }
                catch (TipApiException ex)
                {
                    recorder.Stop(task.Id, failed: true, ex.Message);
                    throw;
                }

                return Service.GetTask(task.Id)!;
            }
        }

        private ITipClient CreateClient(LookupOptions options)
        {
            var connection = Service.WithDatabase(() => Workspace.Resolver.Resolve(options.Tenant));
            connection.ThrottleLimit = Math.Max(1, options.ThrottleLimit);
            return new TipClient(connection, Workspace.Time);
        }

        public void Dispose() => Workspace.Dispose();
    }
}
