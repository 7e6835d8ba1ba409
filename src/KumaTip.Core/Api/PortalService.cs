namespace KumaTip.Core.Api
{
    /// <summary>Which Kaspersky service answers lookups: the commercial TIP or the free OpenTIP (tip-api.md §1).</summary>
    public enum PortalService
    {
        /// <summary>tip.kaspersky.com: Threat Lookup with sections and record counts, a licence quota in every answer.</summary>
        Tip,

        /// <summary>opentip.kaspersky.com: fixed sections per type, an <c>x-api-key</c> token, no licence information.</summary>
        OpenTip,
    }
}
