using System;
using System.Collections.Generic;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>A category and the zone it puts the indicator in.</summary>
    public sealed class CategoryWithZone
    {
        public string? Name { get; set; }

        public TipZone? Zone { get; set; }
    }
}
