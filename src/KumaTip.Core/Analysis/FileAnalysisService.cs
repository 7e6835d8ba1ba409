using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using KumaTip.Core.Api;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Analysis
{
    /// <summary>
    /// One file through OpenTIP's sandbox (tip-api.md §8.2): checked and hashed first, so a file the service already has a
    /// sandbox result for is not uploaded (unless forced), then uploaded once and polled until the result is complete.
    /// The upload is recorded before polling starts, so a restart polls instead of uploading again.
    /// </summary>
    public sealed class FileAnalysisService
    {
        /// <summary>A fresh upload may not be visible to getresult at once; this many "not started" answers are waited out.</summary>
        internal const int NotStartedTolerance = 3;

        private readonly IFileAnalysisClient _client;
        private readonly IFileAnalysisRecorder _recorder;
        private readonly TimeProvider _time;

        public FileAnalysisService(IFileAnalysisClient client, IFileAnalysisRecorder recorder, TimeProvider? time = null)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _recorder = recorder ?? throw new ArgumentNullException(nameof(recorder));
            _time = time ?? TimeProvider.System;
        }

        /// <exception cref="FileAnalysisException">The file is missing, empty or too large (nothing sent), or the analysis did not finish in time.</exception>
        /// <exception cref="TipApiException">The service refused (key, quota, size) or failed.</exception>
        public async Task<FileAnalysisOutcome> AnalyzeAsync(string path, FileAnalysisOptions options, IProgress<FileAnalysisProgress>? progress, CancellationToken cancellationToken)
        {
            var file = Check(path, options.MaxBytes);
            var name = file.Name;
            progress?.Report(new FileAnalysisProgress(name, "Hashing " + name, TimeSpan.Zero, options.Timeout));
            var hash = HashOf(file, cancellationToken);

            if (!options.Force)
            {
                progress?.Report(new FileAnalysisProgress(name, "Asking whether the service knows " + hash.Value, TimeSpan.Zero, options.Timeout));
                var known = await _client.LookupAsync(hash, Array.Empty<string>(), null, cancellationToken).ConfigureAwait(false);
                if (known.Found && known.Sections.DynamicAnalysisResults != null)
                {
                    _recorder.Known(known);
                    return new FileAnalysisOutcome(file.FullName, hash.Value, uploaded: false, taskId: null, known);
                }
            }

            if (options.ConfirmUpload != null && !await options.ConfirmUpload(file.FullName, hash.Value).ConfigureAwait(false))
            {
                return new FileAnalysisOutcome(file.FullName, hash.Value, uploaded: false, taskId: null, response: null);
            }

            var taskId = _recorder.StartTask(name, hash.Value);
            try
            {
                progress?.Report(new FileAnalysisProgress(name, $"Uploading {name} ({file.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes)", TimeSpan.Zero, options.Timeout));
                await _client.SubmitFileAsync(hash, name, () => new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true), cancellationToken).ConfigureAwait(false);
                _recorder.Uploaded(taskId);
                var result = await PollAsync(file.FullName, name, hash, taskId, options, progress, cancellationToken).ConfigureAwait(false);
                return new FileAnalysisOutcome(file.FullName, hash.Value, uploaded: true, taskId, result);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                _recorder.Stop(taskId, failed: false, "Stopped by the user; Restart-TipTask -Id " + taskId + " continues (it polls if the upload had finished).");
                throw;
            }
            catch (TipApiException ex)
            {
                // The poll's own endings (timed out, lost) have stopped the task already, with their own message.
                _recorder.Stop(taskId, failed: true, ex.Message);
                throw;
            }
        }

        /// <summary>A restart of a ThreatAnalysis task whose file was uploaded: polls for the result, uploads nothing.</summary>
        public Task<TipApiResponse> ResumeAsync(int taskId, string fileName, string sha256, FileAnalysisOptions options, IProgress<FileAnalysisProgress>? progress, CancellationToken cancellationToken)
        {
            var hash = IndicatorParser.Parse(sha256).Indicator
                       ?? throw new ArgumentException($"'{sha256}' is not a file hash.", nameof(sha256));
            return PollAsync(fileName, fileName, hash, taskId, options, progress, cancellationToken);
        }

        private async Task<TipApiResponse> PollAsync(string path, string name, TipIndicator hash, int taskId, FileAnalysisOptions options, IProgress<FileAnalysisProgress>? progress, CancellationToken cancellationToken)
        {
            var started = _time.GetTimestamp();
            var notStarted = 0;
            while (true)
            {
                var poll = await _client.GetFileResultAsync(hash, cancellationToken).ConfigureAwait(false);
                var elapsed = _time.GetElapsedTime(started);
                if (poll.IsComplete)
                {
                    _recorder.Complete(taskId, poll.Response);
                    return poll.Response;
                }

                if (poll.IsNotStarted && ++notStarted > NotStartedTolerance)
                {
                    var lost = $"The service has no analysis of {name} (SHA-256 {hash.Value}) although it was uploaded: it may have dropped the upload. "
                               + "Upload it again with Submit-TipFile -Force.";
                    _recorder.Stop(taskId, failed: true, lost);
                    throw new FileAnalysisException("AnalysisLost", path, lost, taskId);
                }

                if (elapsed >= options.Timeout)
                {
                    var late = $"The analysis of {name} (SHA-256 {hash.Value}) is still '{poll.Status}' after {Minutes(elapsed)}; the file is uploaded and the sandbox keeps working. "
                               + $"Restart-TipTask -Id {taskId} fetches the result later without uploading again.";
                    _recorder.Stop(taskId, failed: false, late);
                    throw new FileAnalysisException("AnalysisTimedOut", path, late, taskId);
                }

                progress?.Report(new FileAnalysisProgress(name, $"Sandbox: {(poll.Status.Length == 0 ? "waiting" : poll.Status)} ({Minutes(elapsed)})", elapsed, options.Timeout));
                await _time.Delay(options.PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }

        private static FileInfo Check(string path, long maxBytes)
        {
            var file = new FileInfo(path);
            if (!file.Exists)
            {
                throw new FileAnalysisException("FileNotFound", path, $"The file '{path}' does not exist (a folder or a wildcard that matched nothing?). Give the path of a file; nothing was uploaded.");
            }

            if (file.Length == 0)
            {
                throw new FileAnalysisException("FileEmpty", path, $"The file '{path}' is empty; there is nothing to analyse and nothing was uploaded.");
            }

            if (file.Length > maxBytes)
            {
                throw new FileAnalysisException("FileTooLarge", path,
                    $"The file '{path}' is {file.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes; at most {maxBytes.ToString("N0", CultureInfo.InvariantCulture)} are uploaded. "
                    + "Nothing was uploaded: analyse a smaller sample, or look its hash up with Invoke-TipLookup.");
            }

            return file;
        }

        private static TipIndicator HashOf(FileInfo file, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 81920);
            using var sha = SHA256.Create();
            var bytes = sha.ComputeHash(stream);
            var hex = new System.Text.StringBuilder(64);
            foreach (var b in bytes) hex.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return IndicatorParser.Parse(hex.ToString()).Indicator!;
        }

        private static string Minutes(TimeSpan elapsed) =>
            elapsed.TotalMinutes >= 1 ? ((int)elapsed.TotalMinutes).ToString(CultureInfo.InvariantCulture) + " min " + elapsed.Seconds.ToString(CultureInfo.InvariantCulture) + " s"
            : ((int)elapsed.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s";
    }
}
