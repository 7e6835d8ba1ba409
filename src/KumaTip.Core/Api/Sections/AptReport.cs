using System;
using System.Collections.Generic;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>An APT, crimeware or ICS report related to the indicator (only Id and Title are known).</summary>
    public sealed class AptReport
    {
        public string? Id { get; set; }

        public string? Title { get; set; }

        public override string ToString() => Title ?? Id ?? "";
    }
}
