using System.Text.Json;
using KumaTip.Core.Reports;

namespace KumaTip.Core.Tests.Reports;

public sealed class JsonReportWriterTests
{
    private static JsonElement Json(params KumaTip.Core.Lookups.TipLookupResult[] results)
        => JsonDocument.Parse(ReportOutput.Write(ReportFormat.Json, results)).RootElement.Clone();

    [Fact]
    public void Report_is_an_array_with_one_object_per_result()
    {
        var json = Json(ReportSamples.All().ToArray());

        Assert.Equal(JsonValueKind.Array, json.ValueKind);
        Assert.Equal(ReportSamples.All().Count, json.GetArrayLength());
        Assert.Equal("badlogin-secure.com", json[0].GetProperty("Indicator").GetString());
        Assert.Equal("Red", json[0].GetProperty("Zone").GetString());
        Assert.Equal("Domain", json[0].GetProperty("Type").GetString());
    }

    [Fact]
    public void Raw_answer_is_embedded_as_json_not_as_a_string()
    {
        var json = Json(ReportSamples.Domain());

        var raw = json[0].GetProperty("Raw");
        Assert.Equal(JsonValueKind.Object, raw.ValueKind);
        Assert.Equal(2048, raw.GetProperty("DomainGeneralInfo").GetProperty("HitsCount").GetInt32());
    }

    [Fact]
    public void Empty_raw_is_null_and_raw_that_is_not_json_stays_a_string()
    {
        var broken = ReportSamples.Hash();
        broken.Raw = "<html>502 Bad Gateway</html>";

        var json = Json(ReportSamples.NotFound(), broken);

        Assert.Equal(JsonValueKind.Null, json[0].GetProperty("Raw").ValueKind);
        Assert.Equal("<html>502 Bad Gateway</html>", json[1].GetProperty("Raw").GetString());
    }

    [Fact]
    public void Sections_keep_the_fields_of_their_own_type()
    {
        var json = Json(ReportSamples.Ip(), ReportSamples.Domain());

        Assert.Equal(68, json[0].GetProperty("GeneralInfo").GetProperty("ThreatScore").GetInt32());
        Assert.Equal("185.220.101.0", json[0].GetProperty("WhoIs").GetProperty("Net").GetProperty("RangeStart").GetString());
        Assert.Equal("NameCheap, Inc.", json[1].GetProperty("WhoIs").GetProperty("Registrar").GetProperty("Info").GetString());
        Assert.Equal("Red", json[1].GetProperty("GeneralInfo").GetProperty("CategoriesWithZone")[0].GetProperty("Zone").GetString());
    }

    [Fact]
    public void Hostile_text_is_kept_verbatim_and_escaped_for_html_contexts()
    {
        var bytes = ReportOutput.Write(ReportFormat.Json, new[] { ReportSamples.Hostile() });
        var text = System.Text.Encoding.UTF8.GetString(bytes);

        Assert.DoesNotContain("<script>", text);
        Assert.Equal(ReportSamples.ScriptPayload, JsonDocument.Parse(bytes).RootElement[0].GetProperty("Status").GetString());
    }
}
