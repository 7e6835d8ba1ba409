using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;
using KumaTip.Core.Api.Json;
using KumaTip.Core.Output;

namespace KumaTip.Core.Api.Sections
{
    /// <summary>Every section the Threat Lookup API returns, typed, named exactly as on the wire. A section the answer did not hold is null.</summary>
    public sealed class TipSections
    {
        public TipLicenseInfo? LicenseInfo { get; set; }

        /// <summary>The indicator's zone: Red, Orange, Yellow, Grey or Green (a name, so JSON and CSV show it); null when not sent.</summary>
        [JsonConverter(typeof(TolerantZoneConverter))]
        public string? Zone { get; set; }

        public RelatedObjects? RelatedObjects { get; set; }

        public FileGeneralInfo? FileGeneralInfo { get; set; }

        public List<DetectionInfo>? DetectionsInfo { get; set; }

        public List<FileCertificate>? FileParentCertificates { get; set; }

        public List<FileCertificate>? FileCertificates { get; set; }

        public List<FileNameRecord>? FileNames { get; set; }

        public List<FilePathRecord>? FilePaths { get; set; }

        public List<UrlRecord>? FileDownloadedFromUrls { get; set; }

        public List<UrlRecord>? FileAccessedUrls { get; set; }

        public List<FileObjectRecord>? FileStartedObjects { get; set; }

        public List<FileObjectRecord>? FileStartedBy { get; set; }

        public List<FileObjectRecord>? FileDownloadedObjects { get; set; }

        public List<FileObjectRecord>? FileDownloadedBy { get; set; }

        public IpGeneralInfo? IpGeneralInfo { get; set; }

        public IpWhoIs? IpWhoIs { get; set; }

        public List<DnsResolution>? IpDnsResolutions { get; set; }

        public List<FileRecord>? FilesDownloadedFromIp { get; set; }

        public List<UrlRecord>? HostedUrls { get; set; }

        public DomainGeneralInfo? DomainGeneralInfo { get; set; }

        public DomainWhoIsInfo? DomainWhoIsInfo { get; set; }

        public List<DnsResolution>? DomainDnsResolutions { get; set; }

        public List<FileRecord>? FilesDownloaded { get; set; }

        public List<FileRecord>? FilesAccessed { get; set; }

        public List<UrlRecord>? UrlReferrals { get; set; }

        public List<UrlRecord>? UrlReferredTo { get; set; }

        public List<SubdomainRecord>? Subdomains { get; set; }

        public List<FeedMask>? FeedMasks { get; set; }

        public UrlGeneralInfo? UrlGeneralInfo { get; set; }

        public DomainWhoIsInfo? UrlDomainWhoIs { get; set; }

        public List<string>? Industries { get; set; }

        /// <summary>OpenTIP's sandbox results for a file; on the wire <c>DynamicAnalisysResults</c> (sic, tip-api.md §5).</summary>
        public DynamicAnalysisResults? DynamicAnalysisResults { get; set; }

        private static readonly System.Reflection.PropertyInfo[] SectionProperties = typeof(TipSections).GetProperties();

        /// <summary>The names of the sections the answer held, for a CSV cell or a JSON value past -Depth.</summary>
        public override string ToString()
            => OutputText.Join(", ", SectionProperties.Where(p => p.GetValue(this) != null).Select(p => p.Name));
    }
}
