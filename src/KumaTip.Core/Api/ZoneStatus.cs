using KumaTip.Core.Indicators;

namespace KumaTip.Core.Api
{
    /// <summary>The status text the portal shows for a zone (tip-api.md §6): hashes and network indicators differ.</summary>
    public static class ZoneStatus
    {
        public static string For(TipZone zone, TipIndicatorType type)
        {
            var isHash = type == TipIndicatorType.Md5 || type == TipIndicatorType.Sha1 || type == TipIndicatorType.Sha256;
            switch (zone)
            {
                case TipZone.Red: return isHash ? "Malware" : "Dangerous";
                // Orange is not documented for files; the network wording is the closest meaning.
                case TipZone.Orange: return "Not trusted";
                case TipZone.Yellow: return "Adware and other";
                case TipZone.Green: return isHash ? "Clean" : "Good";
                default: return "Not categorized";
            }
        }
    }
}
