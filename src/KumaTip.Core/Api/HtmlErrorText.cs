using System;
using System.Net;
using System.Text.RegularExpressions;

namespace KumaTip.Core.Api
{
    /// <summary>
    /// Reduces an error body (often a whole HTML page from the portal or a proxy) to one short line fit for a message:
    /// scripts and styles dropped, tags stripped, entities decoded, whitespace collapsed, length capped.
    /// </summary>
    public static class HtmlErrorText
    {
        public const int DefaultMaxLength = 200;

        private static readonly Regex ScriptOrStyle = new Regex(@"<(script|style|head)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);
        private static readonly Regex Comment = new Regex(@"<!--.*?-->", RegexOptions.Singleline);
        private static readonly Regex Tag = new Regex(@"<[^>]*>", RegexOptions.Singleline);
        private static readonly Regex Whitespace = new Regex(@"\s+");

        public static string Reduce(string? body, int maxLength = DefaultMaxLength)
        {
            if (string.IsNullOrWhiteSpace(body)) return "";
            var text = body!;
            // Keep the title of a page without a body worth reading ("403 Forbidden"): drop only head content after it.
            var title = Regex.Match(text, @"<title\b[^>]*>(.*?)</title\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline);
            text = ScriptOrStyle.Replace(text, " ");
            text = Comment.Replace(text, " ");
            text = Tag.Replace(text, " ");
            text = WebUtility.HtmlDecode(text);
            text = Whitespace.Replace(text, " ").Trim();
            if (text.Length == 0 && title.Success)
            {
                text = Whitespace.Replace(WebUtility.HtmlDecode(Tag.Replace(title.Groups[1].Value, " ")), " ").Trim();
            }

            if (maxLength > 1 && text.Length > maxLength)
            {
                text = text.Substring(0, maxLength - 1).TrimEnd() + "…";
            }

            return text;
        }
    }
}
