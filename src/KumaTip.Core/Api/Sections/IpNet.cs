using System;
using System.Collections.Generic;
using KumaTip.Core.Output;

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

        public override string ToString() => OutputText.Join(" ", OutputText.Join("-", RangeStart ?? StartIp, RangeEnd ?? EndIp), Name);
    }
}
