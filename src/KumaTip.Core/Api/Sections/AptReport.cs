using System;
using System.Collections.Generic;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>An APT, crimeware or ICS report related to the indicator (only Id and Title are known).</summary>
    public sealed class AptReport
    {
        public string? Id { get; set; }

        public string? Title { get; set; }
    }
}
