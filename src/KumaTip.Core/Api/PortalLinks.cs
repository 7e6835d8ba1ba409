using System;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Api
{
    /// <summary>Links to an indicator in the portal's web UI.</summary>
    public static class PortalLinks
    {
        /// <summary>
        /// The web-UI search page for the indicator on the endpoint's host, e.g.
        /// <c>https://tip.kaspersky.com/search?searchString=example.com</c>.
        /// Assumption: the portal's search page takes the indicator in <c>searchString</c> (as its UI does); the
        /// API documentation gives no link form, so this is not verified against the real portal.
        /// </summary>
        public static Uri For(TipIndicator indicator, Uri endpoint, PortalService service = PortalService.Tip)
        {
            if (indicator == null) throw new ArgumentNullException(nameof(indicator));
            if (endpoint == null) throw new ArgumentNullException(nameof(endpoint));
            var root = new UriBuilder(endpoint.Scheme, endpoint.Host, endpoint.IsDefaultPort ? -1 : endpoint.Port).Uri;
            // OpenTIP's web UI shows a lookup at /{value}/?tab=lookup (as its pages link to each other; not documented).
            return service == PortalService.OpenTip
                ? new Uri(root, Uri.EscapeDataString(indicator.Value) + "/?tab=lookup")
                : new Uri(root, "search?searchString=" + Uri.EscapeDataString(indicator.Value));
        }
    }
}
