using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using CsvHelper;
using KumaTip.Core.Api.Sections;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Reports
{
    /// <summary>
    /// Flat CSV, one row per result, written as it arrives. Quoting is CsvHelper's; a cell that begins with
    /// = + - @ tab or CR gets a leading ' (CsvHelper's injection escaping, which also quotes the cell) so a spreadsheet shows it as text instead
    /// of running it — WHOIS and URLs are attacker-written.
    /// </summary>
    public sealed class CsvReportWriter : ReportWriter
    {
        /// <summary>The columns, in order.</summary>
        public static IReadOnlyList<string> Columns { get; } = new[]
        {
            "Indicator", "Type", "Zone", "Status", "Categories", "Found", "ReceivedAt", "FromCache", "Tenant", "TaskId", "PortalUrl", "Service",
            "FirstSeen", "LastSeen", "HitsCount", "ThreatScore", "CountryCode", "Host", "Signer", "FileType", "FileSize",
            "Md5", "Sha1", "Sha256", "FilesCount", "UrlsCount", "Ipv4Count", "Detections",
            "WhoIsCreated", "WhoIsExpires", "Registrar", "RegistrationOrganization", "NameServers", "Network", "Asn",
        };

        private readonly CsvWriter _csv;

        /// <summary>Writes the header row to <paramref name="output"/> (UTF-8 with BOM so Excel reads non-ASCII names right).</summary>
        public CsvReportWriter(Stream output)
        {
            if (output == null) throw new ArgumentNullException(nameof(output));
            // CsvHelper's injection characters are OWASP's (= @ + - tab CR); Escape puts a ' in front and quotes the cell.
            var options = new CsvWriterOptions();
            Set(options, nameof(CsvWriterOptions.Injection), CsvInjection.Escape);
            Set(options, nameof(CsvWriterOptions.InjectionEscape), '\'');
            Set(options, nameof(CsvWriterOptions.WriteByteOrderMark), true);
            Set(options, nameof(CsvWriterOptions.FormatProvider), CultureInfo.InvariantCulture);
            _csv = CsvWriter.Create(output, options, leaveOpen: true);
            foreach (var column in Columns) _csv.WriteField(column);
            _csv.EndRecord();
        }

        protected override void WriteResult(TipLookupResult result)
        {
            foreach (var cell in Cells(result)) _csv.WriteField(cell ?? string.Empty);
            _csv.EndRecord();
        }

        protected override void WriteEnd()
        {
            _csv.Flush();
        }

        private static IEnumerable<string?> Cells(TipLookupResult r)
        {
            var info = r.GeneralInfo;
            var file = info as FileGeneralInfo;
            var ip = info as IpGeneralInfo;
            var domain = info as DomainGeneralInfo;
            var url = info as UrlGeneralInfo;
            var domainWhoIs = r.WhoIs as DomainWhoIsInfo;
            var ipWhoIs = r.WhoIs as IpWhoIs;

            yield return r.Indicator;
            yield return r.Type;
            yield return r.Zone;
            yield return r.Status;
            yield return Join(r.Categories);
            yield return r.Found ? "True" : "False";
            yield return r.ReceivedAt == default ? null : Time(r.ReceivedAt);
            yield return r.FromCache ? "True" : "False";
            yield return r.Tenant;
            yield return r.TaskId == 0 ? null : r.TaskId.ToString(CultureInfo.InvariantCulture);
            yield return r.PortalUrl;
            yield return r.Service;
            yield return Time(info?.FirstSeen);
            yield return Time(file?.LastSeen);
            yield return Number(info?.HitsCount);
            yield return ip?.ThreatScore?.ToString(CultureInfo.InvariantCulture);
            yield return ip?.CountryCode;
            yield return url?.Host;
            yield return file?.Signer;
            yield return file?.Type;
            yield return Number(file?.Size);
            yield return file?.Md5;
            yield return file?.Sha1;
            yield return file?.Sha256;
            yield return Number(domain?.FilesCount ?? url?.FilesCount);
            yield return Number(domain?.UrlsCount);
            yield return Number(domain?.Ipv4Count ?? url?.Ipv4Count);
            yield return Join(r.Detections?.Select(d => d.DetectionName));
            yield return Time(domainWhoIs?.Created ?? ipWhoIs?.Net?.Created);
            yield return Time(domainWhoIs?.Expires);
            yield return domainWhoIs?.Registrar?.Info;
            yield return domainWhoIs?.RegistrationOrganization;
            yield return Join(domainWhoIs?.NameServers);
            var net = ipWhoIs?.Net;
            yield return net == null ? null : (net.RangeStart ?? net.StartIp) + "-" + (net.RangeEnd ?? net.EndIp);
            yield return Join(ipWhoIs?.Asn?.Select(a => a.Number ?? a.Origin));
        }

        /// <summary>
        /// Sets an init-only option by reflection. CsvHelper's netstandard2.0 and net10.0 builds mark init setters with
        /// different IsExternalInit types, so a setter compiled here against one build is "not found" when a net10 host
        /// loads the other; reflection binds by name and works with both.
        /// </summary>
        private static void Set(CsvWriterOptions options, string name, object value)
            => typeof(CsvWriterOptions).GetProperty(name)!.SetValue(options, value);

        private static string? Join(IEnumerable<string?>? values)
            => values == null ? null : string.Join("; ", values.Where(v => !string.IsNullOrEmpty(v)));

        private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);

        /// <summary>ISO 8601 in UTC with a Z, which every spreadsheet and SIEM parses.</summary>
        private static string? Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _csv.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
