using System;
using System.Collections.Generic;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>The network block of an IP (RangeStart/RangeEnd; older API versions say StartIp/EndIp).</summary>
    public sealed class IpNet
    {
        public string? RangeStart { get; set; }

        public string? RangeEnd { get; set; }

        public string? StartIp { get; set; }

        public string? EndIp { get; set; }

        public DateTimeOffset? Created { get; set; }

        public DateTimeOffset? Changed { get; set; }

        public string? Name { get; set; }

        public string? Description { get; set; }
    }
}
