using System;
using KumaTip.Core.Stores;
using KumaTip.Core.Api;
using KumaTip.Core.Indicators;
using KumaTip.Core.Lookups;

namespace KumaTip.Core.Analysis
{
    /// <summary>
    /// A file analysis's traces in the data directory: its ThreatAnalysis task in the task manager and the answer in the
    /// cache under OpenTIP, like any hash answer, so Get-TipLookup and Receive-TipTask find it.
    /// </summary>
    public sealed class FileAnalysisRecorder : IFileAnalysisRecorder
    {
        private readonly LookupService _service;
        private readonly string _tenant;
        private readonly string _createdBy;
        private readonly Uri _portal;

        public FileAnalysisRecorder(LookupService service, string tenant, Uri portal, string? createdBy = null)
        {
            _service = service ?? throw new ArgumentNullException(nameof(service));
            _tenant = tenant;
            _portal = portal;
            _createdBy = createdBy ?? Environment.UserName;
        }

        /// <summary>The task the last <see cref="StartTask"/> made, for the caller's output.</summary>
        public TipTask? Task { get; private set; }

        public int StartTask(string fileName, string sha256)
        {
            var hash = IndicatorParser.Parse(sha256).Indicator ?? throw new ArgumentException($"'{sha256}' is not a file hash.", nameof(sha256));
            Task = _service.WithDatabase(() => _service.Tasks.CreateAnalysis(_tenant, _createdBy, fileName, hash));
            return Task.Id;
        }

        public void Uploaded(int taskId) => _service.WithDatabase(() => _service.Tasks.MarkUploaded(taskId));

        public void Complete(int taskId, TipApiResponse response)
        {
            _service.WithDatabase(() => _service.Store.InTransaction(() =>
            {
                _service.Cache.Put(LookupOutputs.FromResponse(response, _tenant, taskId, _portal));
                _service.Tasks.RecordItems(taskId, new[] { (response.Indicator, TaskItemState.Done, (string?)null) });
            }));
            Task = _service.WithDatabase(() => _service.Tasks.Finish(taskId, TipTaskStatus.Completed, null));
        }

        public void Known(TipApiResponse response) =>
            _service.WithDatabase(() => _service.Store.InTransaction(() => _service.Cache.Put(LookupOutputs.FromResponse(response, _tenant, 0, _portal))));

        public void Stop(int taskId, bool failed, string message) =>
            Task = _service.WithDatabase(() => _service.Tasks.Finish(taskId, failed ? TipTaskStatus.Failed : TipTaskStatus.Cancelled, message));
    }
}
