using System;
using System.Collections.Generic;
using System.Globalization;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Api
{
    /// <summary>Builds the relative lookup URI: <c>api/{hash|ip|domain|url}/{value}?sections=…&amp;count=N&amp;format=json</c>.</summary>
    public static class TipRequestUri
    {
        /// <summary>The portal answers 414 above this many characters in the (encoded) value (tip-api.md §2.1).</summary>
        public const int MaxValueLength = 2000;

        /// <summary>
        /// The whole value as one path segment: every reserved character percent-encoded, so a URL's <c>/</c> is
        /// <c>%2F</c> and <c>?</c>, <c>#</c>, <c>:</c> cannot end or split the segment (tip-api.md §9).
        /// </summary>
        public static string EncodeValue(string value) => Uri.EscapeDataString(value);

        /// <exception cref="TipApiException">Kind UriTooLong when the encoded value exceeds <see cref="MaxValueLength"/>.</exception>
        public static string Build(TipIndicator indicator, IReadOnlyCollection<string> sections, int? maxRecords)
        {
            if (indicator == null) throw new ArgumentNullException(nameof(indicator));
            var uri = "api/" + SectionCatalog.EndpointFor(indicator.Kind) + "/" + EncodedWithinLimit(indicator) + "?";
            if (sections != null && sections.Count > 0) uri += "sections=" + Uri.EscapeDataString(string.Join(",", sections)).Replace("%2C", ",") + "&";
            if (maxRecords.HasValue) uri += "count=" + maxRecords.Value.ToString(CultureInfo.InvariantCulture) + "&";
            return uri + "format=json";
        }

        /// <summary>The encoded value, or a UriTooLong refusal (nothing sent) when it exceeds <see cref="MaxValueLength"/>.</summary>
        internal static string EncodedWithinLimit(TipIndicator indicator)
        {
            // Encoding never shortens, so a value already too long is refused without encoding it.
            var encoded = indicator.Value.Length > MaxValueLength ? null : EncodeValue(indicator.Value);
            var encodedLength = encoded?.Length ?? indicator.Value.Length;
            if (encoded == null || encodedLength > MaxValueLength)
            {
                throw new TipApiException(TipApiErrorKind.UriTooLong,
                    $"The {Describe(indicator)} '{Shorten(indicator.Value)}' is {encodedLength} characters long once encoded; the portal accepts at most {MaxValueLength}. "
                    + "Shorten it (for example drop the query string) and look it up again. Nothing was sent.",
                    indicator);
            }

            return encoded;
        }

        internal static string Describe(TipIndicator indicator)
        {
            switch (indicator.Kind)
            {
                case TipIndicatorType.Url: return "URL";
                case TipIndicatorType.Domain: return "domain";
                case TipIndicatorType.IPv4:
                case TipIndicatorType.IPv6: return "IP address";
                default: return indicator.Type.ToUpperInvariant() + " hash";
            }
        }

        /// <summary>A value fit for a message: long URLs cut in the middle.</summary>
        internal static string Shorten(string value) => value.Length <= 120 ? value : value.Substring(0, 80) + "…" + value.Substring(value.Length - 30);
    }
}
