using System;
using System.Collections.Generic;
using System.Globalization;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// The columns -PassThru adds to each incoming row. Flat strings and scalars, so Export-Csv writes them as they
    /// read; a row without a result still gets every column (empty) and TipError says why.
    /// </summary>
    public static class EnrichmentColumns
    {
        public static readonly string[] Names = { "TipZone", "TipStatus", "TipCategories", "TipFound", "TipReceivedAt", "TipPortalUrl", "TipService", "TipError" };

        /// <summary>The values of <see cref="Names"/>, in that order, for one row's output.</summary>
        public static object?[] ValuesFor(LookupOutput output)
        {
            var r = output.Result;
            if (r == null)
            {
                return new object?[] { null, null, null, null, null, null, null, output.Reason ?? output.Error?.Message ?? "No result." };
            }
            return new object?[]
            {
                r.Zone,
                r.Status,
                string.Join(";", r.Categories),
                r.Found,
                r.ReceivedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                r.PortalUrl,
                r.Service,
                null,
            };
        }
    }
}
