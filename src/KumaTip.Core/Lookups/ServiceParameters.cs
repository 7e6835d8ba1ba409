using KumaTip.Core.Api;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// Lookup parameters a service does not take. OpenTIP has no data groups and no record counts (tip-api.md §2.3): a
    /// -Section or -MaxRecords given for it is refused, not ignored, so a runbook never believes it got what it asked for.
    /// </summary>
    public static class ServiceParameters
    {
        /// <summary>The refusal for the given parameters on <paramref name="service"/>; null when they are fine.</summary>
        public static string? Refusal(PortalService service, string tenant, bool sectionGiven, bool maxRecordsGiven)
        {
            if (service != PortalService.OpenTip || !(sectionGiven || maxRecordsGiven)) return null;
            var which = sectionGiven && maxRecordsGiven ? "-Section and -MaxRecords" : sectionGiven ? "-Section" : "-MaxRecords";
            return $"Tenant '{tenant}' looks indicators up on OpenTIP, which answers a fixed set of data groups per type and takes no record count, so {which} cannot be honoured; nothing was sent. "
                   + $"Leave {which} out, or use the commercial portal for this lookup (Set-TipSettings -Tenant '{tenant}' -Service Tip, or a tenant that uses it).";
        }
    }
}
