using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using KumaTip.Core.Api;
using KumaTip.Core.Api.Sections;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;

namespace KumaTip.Core.Reports
{
    /// <summary>
    /// One self-contained HTML page: inline CSS, no script, nothing fetched (a Content-Security-Policy forbids it),
    /// every value encoded. Cards stream out as results arrive; the summary needs every count, so it is written last
    /// and placed first on screen by CSS (flex order), which keeps memory flat however many results there are:
    /// the writer holds five counters, not the results.
    /// </summary>
    public sealed class HtmlReportWriter : ReportWriter
    {
        private const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

        private static readonly TipZone[] Zones = { TipZone.Red, TipZone.Orange, TipZone.Yellow, TipZone.Grey, TipZone.Green };

        private readonly StreamWriter _out;
        private readonly DateTimeOffset? _generatedAt;
        private readonly int[] _zoneCounts = new int[Zones.Length];
        private int _fromCache;

        /// <summary>Starts the page on <paramref name="output"/>; <paramref name="generatedAt"/> is shown in the heading when given.</summary>
        public HtmlReportWriter(Stream output, DateTimeOffset? generatedAt = null)
        {
            if (output == null) throw new ArgumentNullException(nameof(output));
            _out = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\n" };
            _generatedAt = generatedAt;
            WriteStart();
        }

        private void WriteStart()
        {
            _out.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
            _out.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"" + ContentSecurityPolicy + "\">\n");
            _out.Write("<meta name=\"referrer\" content=\"no-referrer\">\n");
            _out.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
            _out.Write("<title>KumaTip report</title>\n<style>\n" + Css + "</style>\n</head>\n<body>\n");
            _out.Write("<main class=\"report\">\n<header class=\"report-head\"><h1>Threat intelligence report</h1>");
            _out.Write("<p>Kaspersky Threat Intelligence Portal lookups exported by KumaTip");
            if (_generatedAt.HasValue) _out.Write(" on " + HtmlReportEncoder.Encode(FormatTime(_generatedAt.Value)));
            _out.Write(".</p></header>\n<div class=\"cards\">\n");
        }

        protected override void WriteResult(TipLookupResult result)
        {
            var index = Array.IndexOf(Zones, result.ZoneValue);
            _zoneCounts[index >= 0 ? index : Array.IndexOf(Zones, TipZone.Grey)]++;
            if (result.FromCache) _fromCache++;

            var zone = ZoneName(result.ZoneValue);
            _out.Write("<article class=\"card zone-" + zone.ToLowerInvariant() + "\" data-zone=\"" + zone + "\">\n");
            _out.Write("<header class=\"card-head\"><span class=\"badge zone-" + zone.ToLowerInvariant() + "\">" + zone + "</span>");
            _out.Write("<h2 class=\"indicator\">" + HtmlReportEncoder.Encode(result.Indicator) + "</h2>");
            if (!string.IsNullOrEmpty(result.Status)) _out.Write("<span class=\"status\">" + HtmlReportEncoder.Encode(result.Status) + "</span>");
            _out.Write("</header>\n");

            WriteSection("About", new[]
            {
                Pair("Type", result.Type),
                Pair("Value", result.Indicator),
                Pair("Zone", zone),
                Pair("Found", result.Found ? "Yes" : "No: the portal has no data about it"),
                Pair("Received", result.ReceivedAt == default ? null : FormatTime(result.ReceivedAt)),
                Pair("Source", result.FromCache ? "Local cache" : "Portal"),
                Pair("Tenant", result.Tenant),
            });
            WriteSection("General info", GeneralInfoRows(result.GeneralInfo));
            WriteCategories(result);
            WriteWhoIs(result.WhoIs);
            WriteDetections(result.Detections);

            _out.Write("<footer class=\"card-foot\">");
            var href = HtmlReportEncoder.SafeHref(result.PortalUrl);
            var portalName = result.Service == nameof(Api.PortalService.OpenTip) ? "Kaspersky OpenTIP" : "Kaspersky TIP";
            if (href != null)
            {
                _out.Write("<a class=\"portal\" href=\"" + HtmlReportEncoder.Encode(href) + "\" rel=\"noopener noreferrer\" target=\"_blank\">Open in " + portalName + "</a>");
            }
            else if (!string.IsNullOrEmpty(result.PortalUrl))
            {
                _out.Write("<span class=\"portal-text\">" + portalName + ": " + HtmlReportEncoder.Encode(result.PortalUrl) + "</span>");
            }
            _out.Write("</footer>\n</article>\n");
            _out.Flush();
        }

        protected override void WriteEnd()
        {
            _out.Write("</div>\n");
            WriteSummary();
            _out.Write("</main>\n</body>\n</html>\n");
            _out.Flush();
        }

        private void WriteSummary()
        {
            var total = _zoneCounts.Sum();
            _out.Write("<section class=\"summary\" aria-label=\"Summary\"><h2>Summary</h2>");
            _out.Write("<p><span class=\"total\">" + total.ToString(CultureInfo.InvariantCulture) + "</span> indicator" + (total == 1 ? "" : "s"));
            _out.Write(", " + _fromCache.ToString(CultureInfo.InvariantCulture) + " from the local cache.</p>\n");

            // A horizontal bar per zone, scaled to the largest count; numbers are printed so the chart is readable without colour.
            const int barLeft = 70, barWidth = 360, rowHeight = 26;
            var max = Math.Max(1, _zoneCounts.Max());
            var height = rowHeight * Zones.Length + 8;
            _out.Write("<svg class=\"chart\" role=\"img\" aria-label=\"Results by zone\" width=\"480\" height=\"" + height + "\" viewBox=\"0 0 480 " + height + "\" xmlns=\"http://www.w3.org/2000/svg\">\n");
            for (var i = 0; i < Zones.Length; i++)
            {
                var y = 4 + i * rowHeight;
                var width = _zoneCounts[i] == 0 ? 0 : Math.Max(2, (int)Math.Round(barWidth * (double)_zoneCounts[i] / max));
                var name = ZoneName(Zones[i]);
                _out.Write("<g class=\"bar\" data-zone=\"" + name + "\" data-count=\"" + _zoneCounts[i].ToString(CultureInfo.InvariantCulture) + "\">");
                _out.Write("<text x=\"0\" y=\"" + (y + 16) + "\">" + name + "</text>");
                _out.Write("<rect x=\"" + barLeft + "\" y=\"" + y + "\" width=\"" + width + "\" height=\"" + (rowHeight - 6) + "\" fill=\"" + ZoneColour(Zones[i]) + "\"></rect>");
                _out.Write("<text x=\"" + (barLeft + width + 6) + "\" y=\"" + (y + 16) + "\">" + _zoneCounts[i].ToString(CultureInfo.InvariantCulture) + "</text></g>\n");
            }
            _out.Write("</svg></section>\n");
        }

        private void WriteSection(string title, IEnumerable<KeyValuePair<string, string?>> rows)
        {
            var present = rows.Where(r => !string.IsNullOrEmpty(r.Value)).ToList();
            if (present.Count == 0) return;
            _out.Write("<section class=\"" + title.Replace(" ", "-").ToLowerInvariant() + "\"><h3>" + title + "</h3><dl>");
            foreach (var row in present)
            {
                _out.Write("<dt>" + HtmlReportEncoder.Encode(row.Key) + "</dt><dd>" + HtmlReportEncoder.Encode(row.Value) + "</dd>");
            }
            _out.Write("</dl></section>\n");
        }

        private void WriteCategories(TipLookupResult result)
        {
            var withZone = result.GeneralInfo?.CategoriesWithZone?.Where(c => !string.IsNullOrEmpty(c.Name)).ToList();
            var items = withZone != null && withZone.Count > 0
                ? withZone.Select(c => new KeyValuePair<string, TipZone?>(c.Name!, ZoneOf(c.Zone)))
                : result.Categories.Where(c => !string.IsNullOrEmpty(c)).Select(c => new KeyValuePair<string, TipZone?>(c, null));
            var list = items.ToList();
            if (list.Count == 0) return;
            _out.Write("<section class=\"categories\"><h3>Categories</h3><ul>");
            foreach (var item in list)
            {
                var zoneClass = item.Value.HasValue ? " zone-" + ZoneName(item.Value.Value).ToLowerInvariant() : "";
                _out.Write("<li><span class=\"dot" + zoneClass + "\"></span>" + HtmlReportEncoder.Encode(item.Key));
                if (item.Value.HasValue) _out.Write(" <span class=\"muted\">(" + ZoneName(item.Value.Value) + ")</span>");
                _out.Write("</li>");
            }
            _out.Write("</ul></section>\n");
        }

        private void WriteWhoIs(WhoIsInfo? whoIs)
        {
            if (whoIs == null) return;
            var rows = new List<KeyValuePair<string, string?>>();
            if (whoIs is DomainWhoIsInfo domain)
            {
                rows.Add(Pair("Domain", domain.DomainName));
                rows.Add(Pair("Created", FormatTime(domain.Created)));
                rows.Add(Pair("Updated", FormatTime(domain.Updated)));
                rows.Add(Pair("Expires", FormatTime(domain.Expires)));
                rows.Add(Pair("Name servers", Join(domain.NameServers)));
                rows.Add(Pair("Domain status", Join(domain.DomainStatus)));
                rows.Add(Pair("Registrar", domain.Registrar?.Info));
                rows.Add(Pair("Registrar IANA ID", domain.Registrar?.IanaId));
                rows.Add(Pair("Registrar e-mail", domain.Registrar?.Email));
                rows.Add(Pair("Registrant organization", domain.RegistrationOrganization));
            }
            else if (whoIs is IpWhoIs ip)
            {
                var net = ip.Net;
                if (net != null)
                {
                    var start = net.RangeStart ?? net.StartIp;
                    var end = net.RangeEnd ?? net.EndIp;
                    rows.Add(Pair("Network", start != null || end != null ? start + " - " + end : null));
                    rows.Add(Pair("Network name", net.Name));
                    rows.Add(Pair("Description", net.Description));
                    rows.Add(Pair("Created", FormatTime(net.Created)));
                    rows.Add(Pair("Changed", FormatTime(net.Changed)));
                }
                rows.Add(Pair("ASN", Join(ip.Asn?.Select(a => (a.Number ?? a.Origin) + (string.IsNullOrEmpty(a.Description) ? "" : " " + a.Description)))));
            }
            var contacts = whoIs.Contacts ?? new List<WhoIsContact>();
            if (rows.All(r => string.IsNullOrEmpty(r.Value)) && contacts.Count == 0) return;

            _out.Write("<section class=\"whois\"><h3>WHOIS</h3><dl>");
            foreach (var row in rows.Where(r => !string.IsNullOrEmpty(r.Value)))
            {
                _out.Write("<dt>" + HtmlReportEncoder.Encode(row.Key) + "</dt><dd>" + HtmlReportEncoder.Encode(row.Value) + "</dd>");
            }
            _out.Write("</dl>");
            if (contacts.Count > 0)
            {
                _out.Write("<table class=\"contacts\"><thead><tr><th>Contact</th><th>Name</th><th>Organization</th><th>Address</th><th>E-mail</th><th>Phone</th></tr></thead><tbody>");
                foreach (var c in contacts)
                {
                    var address = string.Join(", ", new[] { c.Address, c.City, c.State, c.PostalCode, c.CountryCode }.Where(p => !string.IsNullOrEmpty(p)));
                    _out.Write("<tr><td>" + HtmlReportEncoder.Encode(c.ContactType ?? c.Role) + "</td><td>" + HtmlReportEncoder.Encode(c.Name) + "</td><td>" + HtmlReportEncoder.Encode(c.Organization) +
                               "</td><td>" + HtmlReportEncoder.Encode(address) + "</td><td>" + HtmlReportEncoder.Encode(c.Email) + "</td><td>" + HtmlReportEncoder.Encode(c.Phone) + "</td></tr>");
                }
                _out.Write("</tbody></table>");
            }
            _out.Write("</section>\n");
        }

        private void WriteDetections(IReadOnlyList<DetectionInfo>? detections)
        {
            if (detections == null || detections.Count == 0) return;
            _out.Write("<section class=\"detections\"><h3>Detections</h3><ul>");
            foreach (var d in detections)
            {
                var zone = ZoneOf(d.Zone);
                var zoneClass = zone.HasValue ? " zone-" + ZoneName(zone.Value).ToLowerInvariant() : "";
                _out.Write("<li><span class=\"dot" + zoneClass + "\"></span>" + HtmlReportEncoder.Encode(d.DetectionName));
                var date = FormatTime(d.LastDetectDate);
                if (date != null) _out.Write(" <span class=\"muted\">last " + HtmlReportEncoder.Encode(date) + "</span>");
                _out.Write("</li>");
            }
            _out.Write("</ul></section>\n");
        }

        private static IEnumerable<KeyValuePair<string, string?>> GeneralInfoRows(GeneralInfo? info)
        {
            if (info == null) yield break;
            switch (info)
            {
                case FileGeneralInfo file:
                    yield return Pair("MD5", file.Md5);
                    yield return Pair("SHA-1", file.Sha1);
                    yield return Pair("SHA-256", file.Sha256);
                    yield return Pair("File type", file.Type);
                    yield return Pair("Size", Number(file.Size, " bytes"));
                    yield return Pair("Signer", file.Signer + (ZoneOf(file.SignerZone) is TipZone signerZone ? " (" + ZoneName(signerZone) + ")" : ""));
                    yield return Pair("Packer", file.Packer);
                    yield return Pair("Last seen", FormatTime(file.LastSeen));
                    break;
                case IpGeneralInfo ip:
                    yield return Pair("Threat score", ip.ThreatScore?.ToString(CultureInfo.InvariantCulture));
                    yield return Pair("Country", ip.CountryCode);
                    yield return Pair("Status", ip.Status);
                    break;
                case DomainGeneralInfo domain:
                    yield return Pair("Files", Number(domain.FilesCount, ""));
                    yield return Pair("URLs", Number(domain.UrlsCount, ""));
                    yield return Pair("IPv4 addresses", Number(domain.Ipv4Count, ""));
                    break;
                case UrlGeneralInfo url:
                    yield return Pair("Host", url.Host);
                    yield return Pair("Files", Number(url.FilesCount, ""));
                    yield return Pair("IPv4 addresses", Number(url.Ipv4Count, ""));
                    break;
            }
            yield return Pair("Hits", Number(info.HitsCount, ""));
            yield return Pair("First seen", FormatTime(info.FirstSeen));
            if (info.HasApt == true) yield return Pair("APT", "Related to APT reports: " + Join(info.RelatedAptReports?.Select(r => r.Title ?? r.Id)));
        }

        private static KeyValuePair<string, string?> Pair(string name, string? value) => new KeyValuePair<string, string?>(name, string.IsNullOrWhiteSpace(value) ? null : value);

        private static string? Number(long? value, string unit) => value?.ToString("N0", CultureInfo.InvariantCulture) + (value.HasValue ? unit : null);

        private static string? Join(IEnumerable<string?>? values)
        {
            if (values == null) return null;
            var text = string.Join(", ", values.Where(v => !string.IsNullOrEmpty(v)));
            return text.Length == 0 ? null : text;
        }

        private static string FormatTime(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";

        private static string FormatTime(DateTimeOffset time) => FormatTime(time.UtcDateTime);

        private static string? FormatTime(DateTimeOffset? time) => time.HasValue ? FormatTime(time.Value) : null;

        // Zone names come from the enum, never from the data, so they are safe in class names and attributes: a zone
        // string of the data (anyone can set one on an object they pipe in) counts only when it names a zone.
        private static TipZone? ZoneOf(string? text) => TipZones.TryParse(text, out var zone) ? zone : (TipZone?)null;

        private static string ZoneName(TipZone zone) => Enum.IsDefined(typeof(TipZone), zone) ? zone.ToString() : "Grey";

        private static string ZoneColour(TipZone zone)
        {
            switch (zone)
            {
                case TipZone.Red: return "#d32f2f";
                case TipZone.Orange: return "#ef6c00";
                case TipZone.Yellow: return "#f2c200";
                case TipZone.Green: return "#2e7d32";
                default: return "#8a8f98";
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _out.Dispose();
            base.Dispose(disposing);
        }

        private const string Css = @"
* { box-sizing: border-box; }
body { margin: 0; background: #f3f4f6; color: #1f2328; font: 14px/1.45 ""Segoe UI"", Roboto, ""Helvetica Neue"", Arial, sans-serif; }
.report { display: flex; flex-direction: column; gap: 16px; max-width: 1100px; margin: 0 auto; padding: 24px; }
.report-head { order: -2; }
.report-head h1 { margin: 0 0 4px; font-size: 22px; }
.report-head p { margin: 0; color: #57606a; }
.summary { order: -1; background: #fff; border-radius: 8px; padding: 16px 20px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
.summary h2 { margin: 0 0 6px; font-size: 17px; }
.summary svg text { font-size: 13px; fill: #1f2328; }
.cards { display: flex; flex-direction: column; gap: 14px; }
.card { background: #fff; border-radius: 8px; border-left: 6px solid #8a8f98; padding: 14px 18px; box-shadow: 0 1px 2px rgba(0,0,0,.08); overflow-wrap: anywhere; }
.card.zone-red { border-left-color: #d32f2f; } .card.zone-orange { border-left-color: #ef6c00; } .card.zone-yellow { border-left-color: #f2c200; }
.card.zone-green { border-left-color: #2e7d32; } .card.zone-grey { border-left-color: #8a8f98; }
.card-head { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
.card-head h2 { margin: 0; font-size: 16px; font-family: Consolas, ""DejaVu Sans Mono"", monospace; }
.status { color: #57606a; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 12px; color: #fff; font-weight: 600; font-size: 12px; text-transform: uppercase; }
.badge.zone-red, .dot.zone-red { background: #d32f2f; } .badge.zone-orange, .dot.zone-orange { background: #ef6c00; }
.badge.zone-yellow, .dot.zone-yellow { background: #f2c200; color: #1f2328; } .badge.zone-green, .dot.zone-green { background: #2e7d32; }
.badge.zone-grey, .dot.zone-grey { background: #8a8f98; }
.card h3 { margin: 12px 0 4px; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; color: #57606a; }
dl { display: grid; grid-template-columns: 190px 1fr; gap: 2px 12px; margin: 0; }
dt { color: #57606a; } dd { margin: 0; }
ul { margin: 0; padding-left: 0; list-style: none; }
li { margin: 2px 0; }
.dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 7px; background: #c4c8ce; }
.muted { color: #57606a; }
table.contacts { border-collapse: collapse; margin-top: 8px; width: 100%; font-size: 13px; }
table.contacts th, table.contacts td { border-top: 1px solid #e5e7eb; padding: 4px 6px; text-align: left; vertical-align: top; }
.card-foot { margin-top: 12px; }
.portal { color: #0a6e5c; font-weight: 600; }
@media print { body { background: #fff; } .card, .summary { box-shadow: none; border: 1px solid #ccc; break-inside: avoid; } }
";
    }
}
