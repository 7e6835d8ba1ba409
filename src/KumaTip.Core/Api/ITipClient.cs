using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Api
{
    /// <summary>One Threat Lookup request per call. Safe to call concurrently; the implementation limits concurrency.</summary>
    public interface ITipClient : IDisposable
    {
        /// <summary>
        /// Looks one indicator up. A 404 is a response with <see cref="TipApiResponse.Found"/> false, not an error.
        /// </summary>
        /// <param name="indicator">A normalized indicator from the indicator engine.</param>
        /// <param name="sections">Wire section names (case as on the wire); empty = the type's full default set.</param>
        /// <param name="maxRecords">The <c>count</c> parameter; null = omitted (the portal then returns up to 1000).</param>
        /// <param name="cancellationToken">Reaches the socket; a cancelled lookup throws OperationCanceledException, never TipApiException.</param>
        /// <exception cref="TipApiException">Any answer that is not a result, with a message naming the indicator.</exception>
        Task<TipApiResponse> LookupAsync(TipIndicator indicator, IReadOnlyCollection<string> sections, int? maxRecords, CancellationToken cancellationToken);

        /// <summary>The LicenseInfo of the latest answer that carried one; null before any.</summary>
        TipLicenseInfo? LastLicenseInfo { get; }
    }
}
