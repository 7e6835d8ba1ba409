using KumaTip.Core.Reports;

namespace KumaTip.Core.Tests.Reports;

public sealed class ReportFormatsTests
{
    [Theory]
    [InlineData("report.html", ReportFormat.Html)]
    [InlineData("C:\\Tickets\\INC-42.HTM", ReportFormat.Html)]
    [InlineData("/tmp/enriched.csv", ReportFormat.Csv)]
    [InlineData("out.Json", ReportFormat.Json)]
    public void Format_follows_the_extension(string path, ReportFormat expected)
    {
        Assert.Equal(expected, ReportFormats.FromPath(path));
    }

    [Theory]
    [InlineData("report.txt")]
    [InlineData("report")]
    [InlineData("report.xlsx")]
    public void Unknown_extension_is_refused_with_the_cure(string path)
    {
        var error = Assert.Throws<ArgumentException>(() => ReportFormats.FromPath(path));

        Assert.Contains("'" + path + "'", error.Message);
        Assert.Contains("-Format", error.Message);
    }
}
