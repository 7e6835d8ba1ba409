using System;
using System.Collections.Generic;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>Whether red-zone objects are related to the indicator.</summary>
    public sealed class RelatedObjects
    {
        public bool? HasRedZone { get; set; }
    }
}
