using System;
using System.Collections.Generic;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>An autonomous system; Number is kept as text because API versions send a number or a string (older: Origin).</summary>
    public sealed class AsnRecord
    {
        public string? Number { get; set; }

        public string? Origin { get; set; }

        public string? Description { get; set; }

        public override string ToString() => OutputText.Join(" ", Number ?? Origin, Description);
    }
}
