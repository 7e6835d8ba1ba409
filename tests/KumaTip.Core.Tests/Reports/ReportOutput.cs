using KumaTip.Core.Lookups;
using KumaTip.Core.Reports;

namespace KumaTip.Core.Tests.Reports;

/// <summary>Runs a report writer over results in memory and returns the bytes it wrote.</summary>
public static class ReportOutput
{
    public static byte[] Write(ReportFormat format, IEnumerable<TipLookupResult> results, DateTimeOffset? generatedAt = null)
    {
        using var stream = new MemoryStream();
        using (var writer = ReportWriter.Create(format, stream, generatedAt))
        {
            foreach (var result in results) writer.Write(result);
            writer.Complete();
        }
        return stream.ToArray();
    }

    public static string Text(ReportFormat format, IEnumerable<TipLookupResult> results)
    {
        using var reader = new StreamReader(new MemoryStream(Write(format, results)), detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
