using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using KumaTip.Core.Api;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Analysis
{
    /// <summary>What a file analysis needs of the service: a hash lookup, the upload and the poll (TipClient in OpenTIP mode).</summary>
    public interface IFileAnalysisClient
    {
        Task<TipApiResponse> LookupAsync(TipIndicator indicator, IReadOnlyCollection<string> sections, int? maxRecords, CancellationToken cancellationToken);

        Task<TipApiResponse> SubmitFileAsync(TipIndicator hash, string fileName, Func<Stream> openContent, CancellationToken cancellationToken);

        Task<FileAnalysisPoll> GetFileResultAsync(TipIndicator hash, CancellationToken cancellationToken);
    }
}
