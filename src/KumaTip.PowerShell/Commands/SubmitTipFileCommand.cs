using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using KumaTip.Core.Analysis;
using KumaTip.Core.Api;
using KumaTip.Core.Indicators;
using KumaTip.Core.Lookups;
using KumaTip.PowerShell.Support;

namespace KumaTip.PowerShell.Commands
{
    /// <summary>Sends files to Kaspersky's free OpenTIP sandbox and returns the analysis as a TipLookupResult for each file's hash.</summary>
    /// <remarks>
    /// Submit-TipFile uploads files to Kaspersky (opentip.kaspersky.com), so it asks before each upload (ConfirmImpact
    /// High; -Confirm:$false in scripts). Before asking it checks the file and asks the service about its SHA-256: a file
    /// OpenTIP has analysed already is not uploaded, and its result is returned at once (-Force uploads anyway). Missing,
    /// empty and too large files (over 256 MB; OpenTIP does not publish its own limit) are refused by name before anything
    /// is sent.
    ///
    /// An upload becomes a task of type ThreatAnalysis in the task manager (Get-TipTask). The command then polls the
    /// service (every -PollInterval, 20 s by default) until the analysis is complete, showing progress, for at most
    /// -Timeout (15 minutes by default). Past it, or after Ctrl+C, the task stays restartable: Restart-TipTask -Id N polls
    /// for the result again without uploading the file a second time. The result is cached like any hash answer
    /// (Get-TipLookup -Indicator &lt;sha256&gt;), under the OpenTIP service, with the sandbox findings in
    /// Details.DynamicAnalysisResults.
    ///
    /// File analysis needs a tenant on OpenTIP (Set-TipSettings -Service OpenTip with an API-token secret). On the
    /// commercial portal (TIP) the sandbox endpoints are not documented enough to build against, so the command refuses
    /// there instead of guessing (TipServiceLacksFileAnalysis).
    /// </remarks>
    /// <example>
    /// <code>Submit-TipFile -Path .\samples\invoice.exe -Tenant Free</code>
    /// <para>Asks before uploading invoice.exe, waits for the sandbox and returns its verdict; Details.DynamicAnalysisResults holds the sandbox's findings by zone.</para>
    /// </example>
    /// <example>
    /// <code>Get-ChildItem .\quarantine -File | Submit-TipFile -Tenant Free -Confirm:$false | Select-Object Indicator, Zone, Status</code>
    /// <para>A runbook: every quarantined file, without prompts; files OpenTIP already knows are not uploaded again.</para>
    /// </example>
    [Cmdlet(VerbsLifecycle.Submit, "TipFile", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High,
        HelpUri = HelpLinks.Base + "Submit-TipFile.md")]
    [OutputType(typeof(TipLookupResult))]
    public sealed class SubmitTipFileCommand : LookupEnvironmentCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";

        /// <summary>Files to analyse; wildcards allowed. Files piped from Get-ChildItem bind here by their path.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Files to analyse, taken exactly as written (no wildcards).</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "FullName")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = Array.Empty<string>();

        /// <summary>Upload even when OpenTIP already has a sandbox result for the file's hash.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>How long to wait for the sandbox's result (default 15 minutes); past it the task stays restartable.</summary>
        [Parameter]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(15);

        /// <summary>How often to ask for the result (default 20 seconds, at least 1 second).</summary>
        [Parameter]
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(20);

        protected override void OnProcessRecord()
        {
            if (PollInterval < TimeSpan.FromSeconds(1))
            {
                ThrowTerminatingError(Error(new ArgumentException($"-PollInterval {PollInterval} is too short: give at least 1 second (the service is asked once per interval)."), "InvalidPollInterval", ErrorCategory.InvalidArgument, PollInterval));
            }

            foreach (var file in ResolveFiles())
            {
                if (WhatIfWanted())
                {
                    // -WhatIf sends nothing at all, not even the hash check.
                    ShouldProcess(file, "Upload to Kaspersky OpenTIP for analysis (unless it knows the file's hash already)");
                    continue;
                }

                Analyse(file);
            }
        }

        private void Analyse(string path)
        {
            var environment = Environment;
            RunAsync(async () =>
            {
                (FileAnalysisService Analysis, FileAnalysisRecorder Recorder, IDisposable Client) analysis;
                try
                {
                    analysis = environment.CreateFileAnalysis(Tenant);
                }
                catch (InvalidOperationException ex)
                {
                    QueueError(Error(ex, "TipServiceLacksFileAnalysis", ErrorCategory.InvalidOperation, Tenant));
                    return;
                }

                using (analysis.Client)
                {
                    var options = new FileAnalysisOptions
                    {
                        Force = Force,
                        Timeout = Timeout,
                        PollInterval = PollInterval,
                        ConfirmUpload = (full, sha256) => AskPipeline(() => ShouldProcess(full + " (SHA-256 " + sha256 + ")", "Upload to Kaspersky OpenTIP for analysis")),
                    };
                    var progress = new Progress(this, path);
                    try
                    {
                        var outcome = await analysis.Analysis.AnalyzeAsync(path, options, progress, StopToken).ConfigureAwait(false);
                        progress.Done();
                        if (outcome.Response == null) return;
                        if (!outcome.Uploaded) QueueVerbose($"OpenTIP has analysed {path} (SHA-256 {outcome.Sha256}) already: nothing was uploaded. -Force uploads it anyway.");
                        var hash = IndicatorParser.Parse(outcome.Sha256).Indicator!;
                        var result = environment.Service.Cache.Find(analysis.Recorder.Task?.Tenant ?? Tenant, hash, PortalService.OpenTip)
                                     ?? LookupOutputs.FromResponse(outcome.Response, Tenant, outcome.TaskId ?? 0, OpenTipRequestUri.DefaultEndpoint);
                        QueueObject(result);
                    }
                    catch (FileAnalysisException ex)
                    {
                        progress.Done();
                        QueueError(Error(ex, ex.ErrorId, ex.ErrorId == "AnalysisTimedOut" ? ErrorCategory.OperationTimeout : ErrorCategory.InvalidData, path));
                    }
                    catch (TipApiException ex)
                    {
                        progress.Done();
                        QueueError(Error(ex, "TipFileAnalysisFailed", ex.Kind == TipApiErrorKind.QuotaExceeded ? ErrorCategory.QuotaExceeded : ErrorCategory.ConnectionError, path));
                    }
                    catch (OperationCanceledException)
                    {
                        progress.Done();
                    }
                }
            });
        }

        private bool WhatIfWanted() =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out var value) ? ((SwitchParameter)value).IsPresent
            : SessionState.PSVariable.GetValue("WhatIfPreference") is bool preference ? preference
            : SessionState.PSVariable.GetValue("WhatIfPreference") is SwitchParameter switchPreference && switchPreference.IsPresent;

        private IEnumerable<string> ResolveFiles()
        {
            var literal = ParameterSetName == LiteralPathSet;
            foreach (var given in literal ? LiteralPath : Path)
            {
                var resolved = new List<string>();
                try
                {
                    if (literal) resolved.Add(GetUnresolvedProviderPathFromPSPath(given));
                    else resolved.AddRange(GetResolvedProviderPathFromPSPath(given, out _));
                }
                catch (ItemNotFoundException)
                {
                    // The analysis names it: "does not exist", nothing uploaded.
                    resolved.Add(GetUnresolvedProviderPathFromPSPath(given));
                }

                foreach (var path in resolved)
                {
                    if (Directory.Exists(path))
                    {
                        WriteError(Error(new ArgumentException($"'{path}' is a folder; give files (Get-ChildItem '{path}' -File | Submit-TipFile)."), "PathIsFolder", ErrorCategory.InvalidArgument, path));
                        continue;
                    }

                    yield return path;
                }
            }
        }

        /// <summary>The analysis's steps as one progress bar per file, written on the pipeline thread.</summary>
        private sealed class Progress : IProgress<FileAnalysisProgress>
        {
            private readonly SubmitTipFileCommand _cmdlet;
            private readonly string _path;

            public Progress(SubmitTipFileCommand cmdlet, string path)
            {
                _cmdlet = cmdlet;
                _path = path;
            }

            public void Report(FileAnalysisProgress value) =>
                _cmdlet.QueueProgress(new ProgressRecord(2, "Submit-TipFile " + value.FileName, value.Activity) { PercentComplete = value.Percent });

            public void Done() => _cmdlet.QueueProgress(new ProgressRecord(2, "Submit-TipFile " + System.IO.Path.GetFileName(_path), "Done") { RecordType = ProgressRecordType.Completed });
        }
    }
}
