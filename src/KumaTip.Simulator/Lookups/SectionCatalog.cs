namespace KumaTip.Simulator.Lookups;

/// <summary>Section names per endpoint (tip-api.md §4), in the order they appear in answers. Names are case-sensitive.</summary>
internal static class SectionCatalog
{
    /// <summary>Lists that <c>count</c> does not limit (tip-api.md §2.1).</summary>
    public static readonly IReadOnlySet<string> Unlimited = new HashSet<string>(StringComparer.Ordinal)
    {
        "DetectionsInfo", "FileParentCertificates",
    };

    /// <summary>The only sections served for reserved IPs (tip-api.md §4.2).</summary>
    public static readonly IReadOnlySet<string> ReservedIpSections = new HashSet<string>(StringComparer.Ordinal)
    {
        "LicenseInfo", "Zone", "IpGeneralInfo", "IpWhoIs",
    };

    private static readonly Dictionary<LookupType, string[]> ByType = new()
    {
        [LookupType.Hash] =
        [
            "LicenseInfo", "Zone", "RelatedObjects", "FileGeneralInfo", "DetectionsInfo", "FileParentCertificates",
            "FileCertificates", "FileNames", "FilePaths", "FileDownloadedFromUrls", "FileAccessedUrls",
            "FileStartedObjects", "FileStartedBy", "FileDownloadedObjects", "FileDownloadedBy", "Industries",
        ],
        [LookupType.Ip] =
        [
            "LicenseInfo", "Zone", "RelatedObjects", "IpGeneralInfo", "IpWhoIs", "IpDnsResolutions",
            "FilesDownloadedFromIp", "HostedUrls", "Industries",
        ],
        [LookupType.Domain] =
        [
            "LicenseInfo", "Zone", "RelatedObjects", "DomainGeneralInfo", "DomainWhoIsInfo", "DomainDnsResolutions",
            "FilesDownloaded", "FilesAccessed", "UrlReferrals", "UrlReferredTo", "Subdomains", "FeedMasks", "Industries",
        ],
        [LookupType.Url] =
        [
            "LicenseInfo", "Zone", "RelatedObjects", "UrlGeneralInfo", "UrlDomainWhoIs", "DomainDnsResolutions",
            "FilesDownloaded", "FilesAccessed", "UrlReferrals", "UrlReferredTo", "FeedMasks", "Industries",
        ],
    };

    public static IReadOnlyList<string> For(LookupType type) => ByType[type];

    /// <summary>
    /// The requested sections in catalogue order, or all of them when <paramref name="raw"/> is null or empty;
    /// null with <paramref name="unknown"/> set when a name is not a section of this endpoint.
    /// </summary>
    public static IReadOnlyList<string>? Select(LookupType type, string? raw, out string? unknown)
    {
        unknown = null;
        var all = ByType[type];
        if (string.IsNullOrWhiteSpace(raw)) return all;
        var requested = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in raw.Split(','))
        {
            var name = part.Trim();
            if (name.Length == 0) continue;
            if (Array.IndexOf(all, name) < 0)
            {
                unknown = name;
                return null;
            }

            requested.Add(name);
        }

        return requested.Count == 0 ? all : all.Where(requested.Contains).ToArray();
    }
}
