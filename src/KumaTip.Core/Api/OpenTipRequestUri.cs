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
            // The same length limit as TIP's: no documented OpenTIP limit, and a 2000-character URL is a mistake anyway.
            return "api/v1/search/" + SectionCatalog.EndpointFor(indicator.Kind) + "?request=" + TipRequestUri.EncodedWithinLimit(indicator);
        }
    }
}
