using CsvHelper;
using KumaTip.Core.Reports;

namespace KumaTip.Core.Tests.Reports;

public sealed class CsvReportWriterTests
{
    /// <summary>Reads the CSV back with CsvHelper, header included, as a spreadsheet would see the cells.</summary>
    private static List<string[]> Rows(params KumaTip.Core.Lookups.TipLookupResult[] results)
    {
        var bytes = ReportOutput.Write(ReportFormat.Csv, results);
        using var reader = CsvReader.Create(bytes, new CsvReaderOptions { HasHeader = false });
        var rows = new List<string[]>();
        foreach (var row in reader) rows.Add(row.ToArray());
        return rows;
    }

    private static string Cell(List<string[]> rows, int row, string column)
        => rows[row][Array.IndexOf(rows[0], column)];

    [Fact]
    public void Header_lists_the_flat_columns()
    {
        var rows = Rows();

        Assert.Equal(CsvReportWriter.Columns, rows.Single());
        Assert.Equal(new[] { "Indicator", "Type", "Zone", "Status", "Categories", "Found", "ReceivedAt", "FromCache" }, rows[0].Take(8));
    }

    [Fact]
    public void Row_carries_the_result_and_its_key_general_info()
    {
        var rows = Rows(ReportSamples.Domain(), ReportSamples.Ip(), ReportSamples.Hash());

        Assert.Equal(4, rows.Count);
        Assert.Equal("badlogin-secure.com", Cell(rows, 1, "Indicator"));
        Assert.Equal("Red", Cell(rows, 1, "Zone"));
        Assert.Equal("CATEGORY_PHISHING; CATEGORY_MALWARE", Cell(rows, 1, "Categories"));
        Assert.Equal("2026-11-28T09:15:00Z", Cell(rows, 1, "ReceivedAt"));
        Assert.Equal("2026-10-02T06:00:00Z", Cell(rows, 1, "FirstSeen"));
        Assert.Equal("ns1.cheap-dns.example; ns2.cheap-dns.example", Cell(rows, 1, "NameServers"));
        Assert.Equal("https://opentip.kaspersky.com/badlogin-secure.com/", Cell(rows, 1, "PortalUrl"));
        Assert.Equal("68", Cell(rows, 2, "ThreatScore"));
        Assert.Equal("DE", Cell(rows, 2, "CountryCode"));
        Assert.Equal("True", Cell(rows, 2, "FromCache"));
        Assert.Equal("185.220.101.0-185.220.101.255", Cell(rows, 2, "Network"));
        Assert.Equal("Unsigned", Cell(rows, 3, "Signer"));
        Assert.Equal("EICAR-Test-File", Cell(rows, 3, "Detections"));
    }

    [Theory]
    [InlineData("Categories", "'" + ReportSamples.HyperlinkFormula + "; " + ReportSamples.CommandFormula)]
    [InlineData("RegistrationOrganization", "'" + ReportSamples.ArithmeticFormula)]
    [InlineData("Registrar", "'" + ReportSamples.SumFormula)]
    public void Cells_that_start_like_a_formula_are_prefixed_with_an_apostrophe(string column, string expected)
    {
        var rows = Rows(ReportSamples.Hostile());

        Assert.Equal(expected, Cell(rows, 1, column));
    }

    [Fact]
    public void Tab_and_carriage_return_prefixes_are_neutralised_too()
    {
        var result = ReportSamples.NotFound();
        result.Status = "\tcmd";
        result.Indicator = "\r=1+1";

        var rows = Rows(result);

        Assert.Equal("'\tcmd", Cell(rows, 1, "Status"));
        Assert.Equal("'\r=1+1", Cell(rows, 1, "Indicator"));
    }

    [Fact]
    public void Quotes_commas_and_newlines_survive_a_round_trip()
    {
        var result = ReportSamples.NotFound();
        result.Status = "a \"quoted\", multi\nline value";

        var rows = Rows(result);

        Assert.Equal("a \"quoted\", multi\nline value", Cell(rows, 1, "Status"));
    }
}
