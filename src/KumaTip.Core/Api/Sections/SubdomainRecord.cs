using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using KumaTip.Core.Api.Json;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>A subdomain of a domain.</summary>
    public sealed class SubdomainRecord
    {
        public string? Subdomain { get; set; }

        /// <summary>Red, Orange, Yellow, Grey or Green (a name, so JSON and CSV show it); null when not sent or not a zone.</summary>
        [JsonConverter(typeof(TolerantZoneConverter))]
        public string? Zone { get; set; }

        public long? FilesCount { get; set; }

        public override string ToString() => OutputText.WithZone(Subdomain, Zone) ?? "";
    }
}
