using System;
using System.IO;

namespace KumaTip.Core.Reports
{
    /// <summary>Maps file names to report formats.</summary>
    public static class ReportFormats
    {
        /// <summary>The format a file extension stands for (.html/.htm, .csv, .json; case-insensitive).</summary>
        public static bool TryFromPath(string path, out ReportFormat format)
        {
            switch ((Path.GetExtension(path ?? string.Empty) ?? string.Empty).ToLowerInvariant())
            {
                case ".html":
                case ".htm":
                    format = ReportFormat.Html;
                    return true;
                case ".csv":
                    format = ReportFormat.Csv;
                    return true;
                case ".json":
                    format = ReportFormat.Json;
                    return true;
                default:
                    format = default;
                    return false;
            }
        }

        /// <summary>The format a file extension stands for; an <see cref="ArgumentException"/> that says what to do otherwise.</summary>
        public static ReportFormat FromPath(string path)
        {
            if (TryFromPath(path, out var format)) return format;
            throw new ArgumentException("Cannot tell the report format from the file name '" + path + "': use the extension .html, .htm, .csv or .json, or name the format with -Format Html|Csv|Json.", nameof(path));
        }
    }
}
