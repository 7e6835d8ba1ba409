using System;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Api
{
    /// <summary>
    /// Builds OpenTIP's relative search URI, <c>api/v1/search/{hash|ip|domain|url}?request=…</c> (tip-api.md §2.3): the value
    /// is a query parameter, escaped as clients of the service escape it; there are no sections and no record count.
    /// </summary>
    public static class OpenTipRequestUri
    {
        public static readonly Uri DefaultEndpoint = new Uri("https://opentip.kaspersky.com/");

        public static string Build(TipIndicator indicator)
        {
            if (indicator == null) throw new ArgumentNullException(nameof(indicator));
            // The same length check as TIP's: no documented OpenTIP limit, and a 2000-character URL is a mistake anyway.
            var encoded = Uri.EscapeDataString(indicator.Value);
            if (encoded.Length > TipRequestUri.MaxValueLength)
            {
                throw new TipApiException(TipApiErrorKind.UriTooLong,
                    $"The {TipRequestUri.Describe(indicator)} '{TipRequestUri.Shorten(indicator.Value)}' is {encoded.Length} characters long once encoded; at most {TipRequestUri.MaxValueLength} are sent. "
                    + "Shorten it (for example drop the query string) and look it up again. Nothing was sent.",
                    indicator);
            }

            return "api/v1/search/" + SectionCatalog.EndpointFor(indicator.Kind) + "?request=" + encoded;
        }
    }
}
