using System.Text;
using KumaTip.Core.Api;
using KumaTip.Core.Indicators;
using KumaTip.Core.Lookups;

namespace KumaTip.Core.Tests.Indicators;

/// <summary>Issue 17 point 6: inputs a hostile tester (or an unlucky export) hands the reader and the parser.</summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kumatip-hostile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Show(IndicatorParseResult r) => r.Success ? r.Indicator!.Type + " " + r.Indicator.Value : "ERROR " + r.Error;

    [Theory]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("::FFFF:8.8.8.8")]
    [InlineData("[::ffff:8.8.8.8]")]
    [InlineData("::ffff:808:808")]
    public void An_IPv4_mapped_IPv6_address_is_the_IPv4_address(string input)
    {
        var result = IndicatorParser.Parse(input, "t");

        Assert.Equal("IPv4 8.8.8.8", Show(result));
    }

    [Fact]
    public void A_plain_IPv6_address_stays_IPv6()
        => Assert.Equal("IPv6 2001:4860:4860::8888", Show(IndicatorParser.Parse("2001:4860:4860::8888", "t")));

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("./iocs.txt")]
    [InlineData("~/iocs.txt")]
    [InlineData(@"C:\temp\iocs.txt")]
    [InlineData(@"..\iocs.txt")]
    [InlineData(@"\\server\share\iocs.txt")]
    public void A_file_path_is_refused_as_a_path_with_the_cmdlet_that_reads_files(string input)
    {
        var result = IndicatorParser.Parse(input, "t");

        Assert.False(result.Success);
        Assert.Contains("looks like a file path", result.Error);
        Assert.Contains("Import-TipIndicator -Path", result.Error);
    }

    [Fact]
    public void A_scheme_relative_url_is_not_taken_for_a_path()
        => Assert.DoesNotContain("file path", IndicatorParser.Parse("//evil.com/x", "t").Error ?? "");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Utf16_text_without_a_byte_order_mark_is_read(bool bigEndian)
    {
        var path = Path.Combine(_folder, "utf16.txt");
        File.WriteAllBytes(path, new UnicodeEncoding(bigEndian, byteOrderMark: false).GetBytes("evil.com\r\n8.8.8.8\r\n"));

        var results = IndicatorFileReader.ReadFile(path).Select(Show).ToArray();

        Assert.Equal(new[] { "Domain evil.com", "IPv4 8.8.8.8" }, results);
    }

    [Fact]
    public void Utf16_csv_without_a_byte_order_mark_is_read()
    {
        var path = Path.Combine(_folder, "utf16.csv");
        File.WriteAllBytes(path, new UnicodeEncoding(false, false).GetBytes("ioc,note\r\nevil.com,x\r\n"));

        Assert.Equal(new[] { "Domain evil.com" }, IndicatorFileReader.ReadFile(path).Select(Show).ToArray());
    }

    [Fact]
    public void A_binary_file_is_refused_at_once_naming_it()
    {
        var path = Path.Combine(_folder, "archive.txt");
        var bytes = new byte[8192];
        new Random(17).NextBytes(bytes);
        bytes[10] = 0; bytes[11] = 0; bytes[500] = 0;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<IndicatorFileException>(() => IndicatorFileReader.ReadFile(path).ToList());

        Assert.Equal("IndicatorFileNotText", error.ErrorId);
        Assert.Contains("archive.txt", error.Message);
        Assert.Contains("NUL", error.Message);
    }

    [Fact]
    public void Dev_zero_is_refused_without_reading_it_into_memory()
    {
        if (!File.Exists("/dev/zero")) throw new InvalidOperationException("This test needs /dev/zero (Linux or macOS); this machine has none.");

        var error = Assert.Throws<IndicatorFileException>(() => IndicatorFileReader.ReadFile("/dev/zero").ToList());

        Assert.Equal("IndicatorFileNotText", error.ErrorId);
    }

    [Fact]
    public void A_line_without_end_is_reported_and_skipped_and_the_lines_after_it_are_read()
    {
        var text = "evil.com\n" + new string('a', IndicatorFileReader.MaxLineLength + 10) + "\n8.8.8.8\n";

        var results = IndicatorFileReader.ReadLines(new StringReader(text), "big.txt").ToList();

        Assert.Equal(3, results.Count);
        Assert.Equal("Domain evil.com", Show(results[0]));
        Assert.False(results[1].Success);
        Assert.Contains("Line 2 of 'big.txt' is longer than 1024 KiB", results[1].Error);
        Assert.Equal("big.txt:2", results[1].Source);
        Assert.Equal("IPv4 8.8.8.8", Show(results[2]));
    }

    [Fact]
    public void Line_endings_of_every_kind_count_lines_alike()
    {
        var results = IndicatorFileReader.ReadLines(new StringReader("a.com\r\nb.com\rc.com\nd.com"), "f").Select(r => r.Indicator!.Value + "@" + r.Indicator.Source).ToArray();

        Assert.Equal(new[] { "a.com@f:1", "b.com@f:2", "c.com@f:3", "d.com@f:4" }, results);
    }

    [Fact]
    public void A_json_item_nested_deeper_than_64_levels_is_read_and_so_are_the_items_after_it()
    {
        var deep = new StringBuilder("{\"ioc\":\"deep.com\",\"details\":");
        for (var i = 0; i < 200; i++) deep.Append("{\"x\":");
        deep.Append("1");
        deep.Append('}', 200);
        deep.Append('}');
        var json = "[{\"ioc\":\"first.com\"}," + deep + ",{\"ioc\":\"after.com\"}]";

        var results = IndicatorFileReader.ReadJson(new MemoryStream(Encoding.UTF8.GetBytes(json)), "events.json").Select(Show).ToArray();

        Assert.Equal(new[] { "Domain first.com", "Domain deep.com", "Domain after.com" }, results);
    }

    [Fact]
    public void Utf16_json_is_refused_with_how_to_convert_it()
    {
        var path = Path.Combine(_folder, "iocs.json");
        File.WriteAllBytes(path, new UnicodeEncoding(false, true).GetPreamble().Concat(Encoding.Unicode.GetBytes("[\"evil.com\"]")).ToArray());

        var error = Assert.Throws<IndicatorFileException>(() => IndicatorFileReader.ReadFile(path).ToList());

        Assert.Contains("UTF-16", error.Message);
        Assert.Contains("utf8", error.Message);
    }

    [Fact]
    public void A_section_no_indicator_of_the_batch_offers_is_named_in_a_warning()
    {
        var message = SectionNames.NotApplicableMessage(new[] { "FileGeneralInfo", "DomainWhoIsInfo" }, new[] { TipIndicatorType.Domain });

        Assert.NotNull(message);
        Assert.Contains("FileGeneralInfo", message);
        Assert.DoesNotContain("DomainWhoIsInfo", message);
        Assert.Contains("Domain", message);
        Assert.Null(SectionNames.NotApplicableMessage(new[] { "DomainWhoIsInfo", SectionCatalog.Zone }, new[] { TipIndicatorType.Domain }));
        Assert.Null(SectionNames.NotApplicableMessage(new[] { "FileGeneralInfo" }, new[] { TipIndicatorType.Domain, TipIndicatorType.Md5 }));
    }
}
