using System;
using System.IO;
using KumaTip.Core.Lookups;

namespace KumaTip.Core.Reports
{
    /// <summary>
    /// Writes lookup results to a stream one at a time, as they arrive, so a report of 100,000 results never holds
    /// them all in memory. Call <see cref="Write"/> per result, then <see cref="Complete"/> once; a writer that is
    /// disposed without <see cref="Complete"/> leaves an unfinished document (the caller discards it). The stream
    /// stays open and belongs to the caller.
    /// </summary>
    public abstract class ReportWriter : IDisposable
    {
        private bool _completed;

        /// <summary>How many results have been written.</summary>
        public int Count { get; private set; }

        /// <summary>Writes one result.</summary>
        public void Write(TipLookupResult result)
        {
            if (result == null) throw new ArgumentNullException(nameof(result));
            if (_completed) throw new InvalidOperationException("The report is already complete.");
            WriteResult(result);
            Count++;
        }

        /// <summary>Finishes the document (closing tags, summary, array end) and flushes it to the stream.</summary>
        public void Complete()
        {
            if (_completed) return;
            _completed = true;
            WriteEnd();
        }

        /// <summary>A writer for <paramref name="format"/>. <paramref name="generatedAt"/> is shown in the HTML heading.</summary>
        public static ReportWriter Create(ReportFormat format, Stream output, DateTimeOffset? generatedAt = null)
        {
            switch (format)
            {
                case ReportFormat.Html: return new HtmlReportWriter(output, generatedAt);
                case ReportFormat.Csv: return new CsvReportWriter(output);
                case ReportFormat.Json: return new JsonReportWriter(output);
                default: throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown report format.");
            }
        }

        protected abstract void WriteResult(TipLookupResult result);

        protected abstract void WriteEnd();

        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        protected virtual void Dispose(bool disposing)
        {
        }
    }
}
