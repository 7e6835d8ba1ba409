using System.Management.Automation;
using KumaTip.Benchmarks.Infrastructure;

namespace KumaTip.Benchmarks.Children;

/// <summary>
/// CSV-like rows made one at a time (PowerShell enumerates an IEnumerable lazily down the pipeline), so the input
/// itself never holds a million rows in memory.
/// </summary>
public static class RowSource
{
    private const int Block = 5;

    public static IEnumerable<PSObject> Create(int rows, int unique)
    {
        for (var row = 0; row < rows; row++)
        {
            var i = row % unique;
            var o = new PSObject();
            o.Properties.Add(new PSNoteProperty("IOC", (row / unique) % 2 == 0 ? IndicatorGenerator.Canonical(i, Block) : IndicatorGenerator.OtherSpelling(i, Block)));
            o.Properties.Add(new PSNoteProperty("Row", row + 1));
            o.Properties.Add(new PSNoteProperty("Source", "edr-export"));
            yield return o;
        }
    }
}
