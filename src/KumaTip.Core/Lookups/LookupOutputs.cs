using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using KumaTip.Core.Api;
using KumaTip.Core.Api.Sections;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Lookups
{
    /// <summary>
    /// Turns a portal answer into the flat <see cref="TipLookupResult"/> every cmdlet emits, and picks the per-type
    /// sections (general info, WHOIS, DNS) out of the wire model. One place, so fresh and cached results look alike.
    /// </summary>
    public static class LookupOutputs
    {
        /// <summary>The result for a fresh answer; <paramref name="portal"/> is the endpoint the link points at.</summary>
        public static TipLookupResult FromResponse(TipApiResponse response, string tenant, int taskId, Uri portal)
        {
            var indicator = response.Indicator;
            var zone = response.Found ? response.Zone : TipZone.Grey;
            return new TipLookupResult
            {
                Indicator = indicator.Value,
                Kind = indicator.Kind,
                Found = response.Found,
                ZoneValue = zone,
                // OpenTIP states a file's verdict itself (No threats detected is not Clean); TIP's is read off the zone.
                Status = response.Sections.FileGeneralInfo?.FileStatus is { Length: > 0 } fileStatus && response.Found ? fileStatus : StatusText(zone, indicator.Kind, response.Found),
                Categories = CategoriesOf(response.Sections, indicator.Kind),
                ReceivedAt = response.ReceivedAt,
                FromCache = false,
                TaskId = taskId,
                Sections = response.RequestedSections.ToArray(),
                MaxRecords = response.MaxRecords ?? 0,
                PortalUrl = PortalLinks.For(indicator, portal, response.Service).ToString(),
                Tenant = tenant,
                Service = response.Service.ToString(),
                Details = response.Sections,
                Raw = response.RawJson,
            };
        }

        /// <summary>The category names of the type's general-info section (CATEGORY_…), empty when there are none.</summary>
        public static string[] CategoriesOf(TipSections? sections, TipIndicatorType type)
        {
            var info = GeneralInfoOf(sections);
            if (info?.Categories != null && info.Categories.Count > 0) return info.Categories.ToArray();
            if (info?.CategoriesWithZone != null) return info.CategoriesWithZone.Where(c => c.Name != null).Select(c => c.Name!).ToArray();
            return Array.Empty<string>();
        }

        public static GeneralInfo? GeneralInfoOf(TipSections? s)
            => s == null ? null : (GeneralInfo?)s.FileGeneralInfo ?? (GeneralInfo?)s.IpGeneralInfo ?? (GeneralInfo?)s.DomainGeneralInfo ?? s.UrlGeneralInfo;

        public static WhoIsInfo? WhoIsOf(TipSections? s)
            => s == null ? null : (WhoIsInfo?)s.DomainWhoIsInfo ?? (WhoIsInfo?)s.UrlDomainWhoIs ?? s.IpWhoIs;

        public static IReadOnlyList<DnsResolution>? DnsResolutionsOf(TipSections? s)
            => s == null ? null : (IReadOnlyList<DnsResolution>?)s.DomainDnsResolutions ?? s.IpDnsResolutions;

        /// <summary>The portal's status text for a zone (Malware, Dangerous, Not trusted, …); "No data" when the portal has none.</summary>
        public static string StatusText(TipZone zone, TipIndicatorType type, bool found = true)
            => found ? ZoneStatus.For(zone, type) : "No data";

        /// <summary>Reads a stored body back into the typed sections; null when it is empty or not a JSON object.</summary>
        public static TipSections? ParseSections(string? raw)
        {
            if (string.IsNullOrWhiteSpace(raw)) return null;
            try
            {
                return TipResponseParser.Parse(raw!);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
