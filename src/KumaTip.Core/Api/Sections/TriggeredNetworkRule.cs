namespace KumaTip.Core.Api.Sections
{
    /// <summary>A network rule the file's traffic triggered in the sandbox.</summary>
    public sealed class TriggeredNetworkRule
    {
        public string? Zone { get; set; }

        public string? RuleName { get; set; }

        public override string ToString() => RuleName ?? "";
    }
}
