using System.Text;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Tests.Indicators;

public sealed class IndicatorFileReaderTests
{
    private static string Show(IndicatorParseResult r) => r.Success ? r.Indicator!.Type + " " + r.Indicator.Value + " @" + r.Indicator.Source : "ERROR @" + r.Source;

    [Fact]
    public void Text_lines_skip_blanks_and_comments_parse_single_values_and_extract_prose()
    {
        var text = "# feed\n\nevil[.]com\n010.1.1.1\nC2 seen at 1.2.3.4 and bad.org today\n  \n";

        var results = IndicatorFileReader.ReadLines(new StringReader(text), "feed.txt").Select(Show).ToArray();

        Assert.Equal(new[] { "Domain evil.com @feed.txt:3", "ERROR @feed.txt:4", "IPv4 1.2.3.4 @feed.txt:5", "Domain bad.org @feed.txt:5" }, results);
    }

    [Fact]
    public void Spaced_defang_on_its_own_line_is_one_value()
    {
        var result = IndicatorFileReader.ReadLine("evil [.] com", "x:1").Single();

        Assert.Equal("evil.com", result.Indicator!.Value);
        Assert.True(result.Indicator.Defanged);
    }

    [Fact]
    public void Csv_column_is_detected_by_name_and_reported()
    {
        var csv = "id,Observable,comment\n1,evil[.]com,first\n2,,empty\n3,\"1.2.3.4\",third\n";
        var said = new List<string>();

        var results = IndicatorFileReader.ReadCsv(new StringReader(csv), "iocs.csv", null, said.Add).Select(Show).ToArray();

        Assert.Equal(new[] { "Domain evil.com @iocs.csv:2", "IPv4 1.2.3.4 @iocs.csv:4" }, results);
        Assert.Contains(said, s => s.Contains("'Observable'"));
    }

    [Fact]
    public void Csv_named_column_is_used_case_insensitively()
    {
        var csv = "ioc;Host\nnot-used.com;EVIL.com\n";

        var results = IndicatorFileReader.ReadCsv(new StringReader(csv), "x.csv", "host").Select(Show).ToArray();

        Assert.Equal(new[] { "Domain evil.com @x.csv:2" }, results);
    }

    [Fact]
    public void Csv_without_an_indicator_column_names_its_columns()
    {
        var csv = "a,b\n1,2\n";

        var ex = Assert.Throws<IndicatorFileException>(() => IndicatorFileReader.ReadCsv(new StringReader(csv), "x.csv").ToList());

        Assert.Equal("IndicatorColumnNotFound", ex.ErrorId);
        Assert.Contains("a, b", ex.Message);
        Assert.Contains("-Column", ex.Message);
    }

    [Fact]
    public void Json_array_of_strings_is_read_with_indexes()
    {
        var json = "[\"evil[.]com\", null, \"999.1.1.1\", \"d41d8cd98f00b204e9800998ecf8427e\"]";

        var results = IndicatorFileReader.ReadJson(new MemoryStream(Encoding.UTF8.GetBytes(json)), "f.json").Select(Show).ToArray();

        Assert.Equal(new[] { "Domain evil.com @f.json:[0]", "ERROR @f.json:[2]", "Md5 d41d8cd98f00b204e9800998ecf8427e @f.json:[3]" }, results);
    }

    [Fact]
    public void Json_objects_use_the_detected_property()
    {
        var json = "[{\"id\":1,\"Indicator\":\"1.2.3.4\"},{\"id\":2,\"indicator\":\"hxxp://evil[.]com/x\"},{\"id\":3}]";
        var said = new List<string>();

        var results = IndicatorFileReader.ReadJson(new MemoryStream(Encoding.UTF8.GetBytes(json)), "f.json", null, said.Add).ToList();

        Assert.Equal("1.2.3.4", results[0].Indicator!.Value);
        Assert.Equal("http://evil.com/x", results[1].Indicator!.Value);
        Assert.Contains("no property 'Indicator'", results[2].Error);
        Assert.Contains(said, s => s.Contains("'Indicator'"));
    }

    [Fact]
    public void Json_larger_than_the_read_buffer_streams_every_element()
    {
        var sb = new StringBuilder("[");
        for (var i = 0; i < 20_000; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append("{\"value\":\"host").Append(i).Append(".example\",\"pad\":\"").Append('x', 20).Append("\"}");
        }
        sb.Append(']');

        var results = IndicatorFileReader.ReadJson(new MemoryStream(Encoding.UTF8.GetBytes(sb.ToString())), "big.json", "value").ToList();

        Assert.Equal(20_000, results.Count);
        Assert.All(results, r => Assert.True(r.Success));
        Assert.Equal("host19999.example", results[^1].Indicator!.Value);
    }

    [Fact]
    public void Json_that_is_not_an_array_is_a_file_error()
    {
        var ex = Assert.Throws<IndicatorFileException>(() => IndicatorFileReader.ReadJson(new MemoryStream(Encoding.UTF8.GetBytes("{\"a\":1}")), "f.json").ToList());

        Assert.Equal("IndicatorFileMalformed", ex.ErrorId);
    }

    [Fact]
    public void Truncated_json_is_a_file_error_after_the_complete_elements()
    {
        var results = new List<IndicatorParseResult>();

        var ex = Assert.Throws<IndicatorFileException>(() =>
        {
            foreach (var r in IndicatorFileReader.ReadJson(new MemoryStream(Encoding.UTF8.GetBytes("[\"evil.com\", \"bad.org\", {\"value\": \"x")), "f.json")) results.Add(r);
        });

        Assert.Equal("IndicatorFileMalformed", ex.ErrorId);
        Assert.Equal(2, results.Count);
    }
}
