using System.Collections.Generic;
using System.Linq;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>OpenTIP's dynamic (sandbox) analysis of a file: counts by zone of what the file did when run.</summary>
    public sealed class DynamicAnalysisResults
    {
        public List<ZoneCount>? Detections { get; set; }

        public List<ZoneCount>? SuspiciousActivities { get; set; }

        public List<ZoneCount>? ExtractedFiles { get; set; }

        public List<ZoneCount>? NetworkActivities { get; set; }

        public List<DynamicDetection>? DynamicDetections { get; set; }

        public List<TriggeredNetworkRule>? TriggeredNetworkRules { get; set; }

        /// <summary>Findings in the Red zone across every list: what a reader wants first.</summary>
        public int RedFindings =>
            new[] { Detections, SuspiciousActivities, ExtractedFiles, NetworkActivities }
                .Where(list => list != null)
                .SelectMany(list => list!)
                .Where(c => c.Zone == "Red")
                .Sum(c => c.Count ?? 0)
            + (DynamicDetections?.Where(d => d.Zone == "Red").Sum(d => d.Threat ?? 0) ?? 0);

        public override string ToString() =>
            OutputText.Join(", ",
                OutputText.Labeled("red findings", RedFindings.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                OutputText.Labeled("rules", TriggeredNetworkRules == null || TriggeredNetworkRules.Count == 0 ? null : string.Join("; ", TriggeredNetworkRules)));
    }
}
