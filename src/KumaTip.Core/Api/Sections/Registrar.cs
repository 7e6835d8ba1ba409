using System;
using System.Collections.Generic;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>The registrar of a domain.</summary>
    public sealed class Registrar
    {
        public string? Info { get; set; }

        public string? IanaId { get; set; }

        public string? Email { get; set; }

        public override string ToString() => Info ?? Email ?? "";
    }
}
