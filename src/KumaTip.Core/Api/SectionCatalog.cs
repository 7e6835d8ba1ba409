using System;
using System.Collections.Generic;
using System.Linq;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Api
{
    /// <summary>
    /// The Threat Lookup sections (data groups) each indicator type offers, spelled as on the wire (tip-api.md §4).
    /// The wire is case-sensitive; users may type any case. LicenseInfo and Zone are always requested.
    /// </summary>
    public static class SectionCatalog
    {
        public const string LicenseInfo = "LicenseInfo";
        public const string Zone = "Zone";

        private static readonly string[] Always = { LicenseInfo, Zone };

        private static readonly string[] Hash =
        {
            LicenseInfo, Zone, "RelatedObjects", "FileGeneralInfo", "DetectionsInfo", "FileParentCertificates", "FileCertificates",
            "FileNames", "FilePaths", "FileDownloadedFromUrls", "FileAccessedUrls", "FileStartedObjects", "FileStartedBy",
            "FileDownloadedObjects", "FileDownloadedBy", "Industries",
        };

        private static readonly string[] Ip =
        {
            LicenseInfo, Zone, "RelatedObjects", "IpGeneralInfo", "IpWhoIs", "IpDnsResolutions", "FilesDownloadedFromIp", "HostedUrls", "Industries",
        };

        private static readonly string[] Domain =
        {
            LicenseInfo, Zone, "RelatedObjects", "DomainGeneralInfo", "DomainWhoIsInfo", "DomainDnsResolutions", "FilesDownloaded", "FilesAccessed",
            "UrlReferrals", "UrlReferredTo", "Subdomains", "FeedMasks", "Industries",
        };

        private static readonly string[] Url =
        {
            LicenseInfo, Zone, "RelatedObjects", "UrlGeneralInfo", "UrlDomainWhoIs", "DomainDnsResolutions", "FilesDownloaded", "FilesAccessed",
            "UrlReferrals", "UrlReferredTo", "FeedMasks", "Industries",
        };

        /// <summary>Every section the type offers, in wire spelling: also the type's default set.</summary>
        public static IReadOnlyList<string> ValidSections(TipIndicatorType type) => For(type);

        /// <summary>The sections asked for when the user names none: all of them.</summary>
        public static IReadOnlyList<string> DefaultSections(TipIndicatorType type) => For(type);

        /// <summary>The endpoint family (<c>hash</c>, <c>ip</c>, <c>domain</c>, <c>url</c>) of a type.</summary>
        public static string EndpointFor(TipIndicatorType type)
        {
            switch (type)
            {
                case TipIndicatorType.Md5:
                case TipIndicatorType.Sha1:
                case TipIndicatorType.Sha256:
                    return "hash";
                case TipIndicatorType.IPv4:
                case TipIndicatorType.IPv6:
                    return "ip";
                case TipIndicatorType.Domain:
                    return "domain";
                case TipIndicatorType.Url:
                    return "url";
                default:
                    throw new ArgumentOutOfRangeException(nameof(type), type, "unknown indicator type");
            }
        }

        /// <summary>
        /// Turns user-typed names (any case, duplicates, blanks, comma-separated items) into the wire list for a type,
        /// LicenseInfo and Zone first. No names = the full default set.
        /// </summary>
        /// <exception cref="ArgumentException">A name the type does not offer; the message lists the valid ones.</exception>
        public static IReadOnlyList<string> Resolve(TipIndicatorType type, IEnumerable<string>? userNames)
        {
            var valid = For(type);
            var requested = (userNames ?? Enumerable.Empty<string>())
                .Where(n => n != null)
                .SelectMany(n => n.Split(','))
                .Select(n => n.Trim())
                .Where(n => n.Length > 0)
                .ToList();
            if (requested.Count == 0) return valid;

            var result = new List<string>(Always);
            var unknown = new List<string>();
            foreach (var name in requested)
            {
                var wire = valid.FirstOrDefault(v => string.Equals(v, name, StringComparison.OrdinalIgnoreCase));
                if (wire == null) unknown.Add(name);
                else if (!result.Contains(wire)) result.Add(wire);
            }

            if (unknown.Count > 0)
            {
                throw new ArgumentException(
                    $"Unknown section{(unknown.Count > 1 ? "s" : "")} for a {Describe(type)} lookup: {string.Join(", ", unknown.Select(u => "'" + u + "'"))}. "
                    + $"Valid sections for {Describe(type)}: {string.Join(", ", valid)}.",
                    nameof(userNames));
            }

            return result;
        }

        private static string Describe(TipIndicatorType type) => type == TipIndicatorType.Md5 || type == TipIndicatorType.Sha1 || type == TipIndicatorType.Sha256
            ? "hash (" + type + ")"
            : type.ToString();

        private static string[] For(TipIndicatorType type)
        {
            switch (EndpointFor(type))
            {
                case "hash": return Hash;
                case "ip": return Ip;
                case "domain": return Domain;
                default: return Url;
            }
        }
    }
}
