using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>Threats the sandbox saw the file's behaviour match, by zone (<c>Threat</c> is a count, tip-api.md §5).</summary>
    public sealed class DynamicDetection
    {
        public string? Zone { get; set; }

        public int? Threat { get; set; }

        public override string ToString() => OutputText.Join(" ", Zone, Threat?.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
