using KumaTip.Core.Reports;

namespace KumaTip.Core.Tests.Reports;

/// <summary>Writers pass results through to the stream as they come instead of holding them until the end.</summary>
public sealed class ReportStreamingTests
{
    [Theory]
    [InlineData(ReportFormat.Html)]
    [InlineData(ReportFormat.Csv)]
    [InlineData(ReportFormat.Json)]
    public void Results_reach_the_stream_before_the_report_is_completed(ReportFormat format)
    {
        using var stream = new MemoryStream();
        using var writer = ReportWriter.Create(format, stream);
        var result = ReportSamples.Domain();
        for (var i = 0; i < 2000; i++)
        {
            result.Indicator = "host-" + i + ".example";
            writer.Write(result);
        }

        var written = System.Text.Encoding.UTF8.GetString(stream.ToArray());

        Assert.Contains("host-1500.example", written);
        Assert.Equal(2000, writer.Count);
    }

    [Fact]
    public void Writing_after_completion_is_refused()
    {
        using var stream = new MemoryStream();
        using var writer = ReportWriter.Create(ReportFormat.Json, stream);
        writer.Complete();

        Assert.Throws<InvalidOperationException>(() => writer.Write(ReportSamples.Domain()));
    }
}
