using System.Text.RegularExpressions;
using KumaTip.Core.Reports;

namespace KumaTip.Core.Tests.Reports;

public sealed class HtmlReportWriterTests
{
    private static string Html(params KumaTip.Core.Lookups.TipLookupResult[] results) => ReportOutput.Text(ReportFormat.Html, results);

    [Fact]
    public void Page_declares_a_policy_that_forbids_scripts_and_network_fetches()
    {
        var html = Html(ReportSamples.Domain());

        Assert.Contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(new Regex("src=\"https?:", RegexOptions.IgnoreCase), html);
    }

    [Fact]
    public void One_card_per_result_with_the_zone_as_class_and_badge()
    {
        var html = Html(ReportSamples.All().ToArray());

        Assert.Equal(ReportSamples.All().Count, Regex.Matches(html, "<article class=\"card ").Count);
        Assert.Contains("<article class=\"card zone-red\" data-zone=\"Red\">", html);
        Assert.Contains("<span class=\"badge zone-orange\">Orange</span>", html);
    }

    [Fact]
    public void Summary_counts_results_by_zone_in_an_inline_svg_chart()
    {
        var html = Html(ReportSamples.All().ToArray());

        Assert.Contains("<svg class=\"chart\"", html);
        Assert.Contains("data-zone=\"Red\" data-count=\"2\"", html);
        Assert.Contains("data-zone=\"Orange\" data-count=\"1\"", html);
        Assert.Contains("data-zone=\"Yellow\" data-count=\"1\"", html);
        Assert.Contains("data-zone=\"Grey\" data-count=\"1\"", html);
        Assert.Contains("data-zone=\"Green\" data-count=\"1\"", html);
        Assert.Contains("<span class=\"total\">6</span> indicators, 1 from the local cache.", html);
    }

    [Fact]
    public void Card_shows_about_general_info_categories_whois_and_portal_link()
    {
        var html = Html(ReportSamples.Domain());

        Assert.Contains("<dt>Type</dt><dd>Domain</dd>", html);
        Assert.Contains("<dt>Received</dt><dd>2026-11-28 09:15:00 UTC</dd>", html);
        Assert.Contains("<dt>Hits</dt><dd>2,048</dd>", html);
        Assert.Contains("<span class=\"dot zone-red\"></span>CATEGORY_PHISHING", html);
        Assert.Contains("<dt>Created</dt><dd>2026-09-30 00:00:00 UTC</dd>", html);
        Assert.Contains("<dt>Name servers</dt><dd>ns1.cheap-dns.example, ns2.cheap-dns.example</dd>", html);
        Assert.Contains("<dt>Registrar</dt><dd>NameCheap, Inc.</dd>", html);
        Assert.Contains("contact@privacyprotect.example", html);
        Assert.Contains("<a class=\"portal\" href=\"https://opentip.kaspersky.com/badlogin-secure.com/\" rel=\"noopener noreferrer\" target=\"_blank\">Open in Kaspersky TIP</a>", html);
    }

    [Fact]
    public void Ip_and_hash_cards_show_their_own_general_info_and_whois()
    {
        var html = Html(ReportSamples.Ip(), ReportSamples.Hash());

        Assert.Contains("<dt>Threat score</dt><dd>68</dd>", html);
        Assert.Contains("<dt>Network</dt><dd>185.220.101.0 - 185.220.101.255</dd>", html);
        Assert.Contains("<dt>ASN</dt><dd>60729 ZWIEBELFREUNDE</dd>", html);
        Assert.Contains("<dt>SHA-256</dt><dd>275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f</dd>", html);
        Assert.Contains("EICAR-Test-File", html);
        Assert.Contains("<dt>Source</dt><dd>Local cache</dd>", html);
    }

    [Fact]
    public void Hostile_whois_is_encoded_and_never_becomes_markup()
    {
        var html = Html(ReportSamples.Hostile());

        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<img", html);
        Assert.DoesNotContain("onerror=alert", html.Replace("onerror=alert(1)&gt;", ""));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;", html);
    }

    [Fact]
    public void A_portal_link_that_is_not_http_or_https_is_shown_as_text_not_as_a_link()
    {
        var html = Html(ReportSamples.Hostile());

        Assert.DoesNotContain("href=\"javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Open in Kaspersky TIP</a>", html);
        Assert.Contains("<span class=\"portal-text\">Kaspersky TIP: javascript:alert(document.domain)</span>", html);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData(" JavaScript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("//evil.example/x")]
    [InlineData("file:///etc/passwd")]
    public void Only_absolute_http_and_https_urls_become_links(string url)
    {
        Assert.Null(HtmlReportEncoder.SafeHref(url));
    }

    [Fact]
    public void Encoder_covers_attribute_context()
    {
        Assert.Equal("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;", HtmlReportEncoder.Encode("<a href=\"x\" title='y'>&`"));
    }

    [Fact]
    public void Empty_report_is_a_complete_page_with_zero_counts()
    {
        var html = Html();

        Assert.EndsWith("</html>\n", html);
        Assert.Contains("<span class=\"total\">0</span> indicators", html);
        Assert.DoesNotContain("<article", html);
    }

    [Fact]
    public void Cards_reach_the_stream_as_they_are_written_before_the_report_completes()
    {
        using var stream = new MemoryStream();
        using var writer = new HtmlReportWriter(stream);
        writer.Write(ReportSamples.Domain());
        var lengthAfterOne = stream.Length;
        writer.Write(ReportSamples.Ip());

        Assert.Contains("badlogin-secure.com", System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        Assert.True(stream.Length > lengthAfterOne, "the second card was not written through");
        Assert.Equal(2, writer.Count);
    }
}
