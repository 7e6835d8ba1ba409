using System;
using System.Collections.Generic;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>Whether red-zone objects are related to the indicator.</summary>
    public sealed class RelatedObjects
    {
        public bool? HasRedZone { get; set; }

        public override string ToString() => HasRedZone.HasValue ? "HasRedZone " + HasRedZone.Value : "";
    }
}
