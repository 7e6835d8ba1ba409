using System;
using System.Text;

namespace KumaTip.Core.Reports
{
    /// <summary>
    /// Encoding for text that attackers write (WHOIS contacts, names, URLs). One encoder for element text and
    /// quoted attribute values alike, so no call site has to pick the right one.
    /// </summary>
    internal static class HtmlReportEncoder
    {
        /// <summary>Encodes &amp; &lt; &gt; " ' ` and drops control characters other than tab and newline, which have no business in a report.</summary>
        public static string Encode(string? value)
        {
            if (string.IsNullOrEmpty(value)) return string.Empty;
            var text = value!;
            StringBuilder? builder = null;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                string? replacement;
                switch (c)
                {
                    case '&': replacement = "&amp;"; break;
                    case '<': replacement = "&lt;"; break;
                    case '>': replacement = "&gt;"; break;
                    case '"': replacement = "&quot;"; break;
                    case '\'': replacement = "&#39;"; break;
                    case '`': replacement = "&#96;"; break;
                    default:
                        replacement = char.IsControl(c) && c != '\t' && c != '\n' ? string.Empty : null;
                        break;
                }
                if (replacement == null)
                {
                    builder?.Append(c);
                    continue;
                }
                if (builder == null)
                {
                    builder = new StringBuilder(text.Length + 16);
                    builder.Append(text, 0, i);
                }
                builder.Append(replacement);
            }
            return builder?.ToString() ?? text;
        }

        /// <summary>The URL when it is an absolute http or https URL (the only kind that may become a link), else null.</summary>
        public static string? SafeHref(string? url)
        {
            if (string.IsNullOrWhiteSpace(url)) return null;
            if (!Uri.TryCreate(url!.Trim(), UriKind.Absolute, out var uri)) return null;
            if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) return null;
            return uri.AbsoluteUri;
        }
    }
}
