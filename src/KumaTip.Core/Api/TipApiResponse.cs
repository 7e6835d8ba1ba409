using System;
using System.Collections.Generic;
using KumaTip.Core.Api.Sections;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Api
{
    /// <summary>One answer of the portal for one indicator: a found result (200) or not found (404).</summary>
    public sealed class TipApiResponse
    {
        public TipApiResponse(TipIndicator indicator, int statusCode, bool found, TipSections sections, string rawJson,
            DateTimeOffset receivedAt, IReadOnlyList<string> requestedSections, int? maxRecords, PortalService service = PortalService.Tip)
        {
            Service = service;
            Indicator = indicator;
            StatusCode = statusCode;
            Found = found;
            Sections = sections;
            RawJson = rawJson;
            ReceivedAt = receivedAt;
            RequestedSections = requestedSections;
            MaxRecords = maxRecords;
        }

        public TipIndicator Indicator { get; }

        /// <summary>The service that answered: an OpenTIP answer never stands in for a TIP one.</summary>
        public PortalService Service { get; }

        public int StatusCode { get; }

        /// <summary>False for a 404: the portal has no data; the zone is then Grey.</summary>
        public bool Found { get; }

        /// <summary>The parsed sections; for a 404 an empty object.</summary>
        public TipSections Sections { get; }

        /// <summary>The JSON body exactly as received ("{}" for a 404), unknown fields included.</summary>
        public string RawJson { get; }

        /// <summary>UTC time the answer arrived.</summary>
        public DateTimeOffset ReceivedAt { get; }

        /// <summary>The sections that were asked for, as sent on the wire.</summary>
        public IReadOnlyList<string> RequestedSections { get; }

        /// <summary>The <c>count</c> that was sent; null when omitted.</summary>
        public int? MaxRecords { get; }

        /// <summary>The zone; Grey when the answer has none or was a 404.</summary>
        public TipZone Zone => TipZones.TryParse(Sections.Zone, out var zone) ? zone : TipZone.Grey;
    }
}
