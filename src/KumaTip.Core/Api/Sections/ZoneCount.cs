using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>How many sandbox findings of one zone: detections, suspicious activities, extracted files, network activities.</summary>
    public sealed class ZoneCount
    {
        public string? Zone { get; set; }

        public int? Count { get; set; }

        public override string ToString() => OutputText.Join(" ", Zone, Count?.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
