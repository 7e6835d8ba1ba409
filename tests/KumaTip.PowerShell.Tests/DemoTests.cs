using KumaTip.Demo;
using KumaTip.PowerShell.Tests.Infrastructure;

namespace KumaTip.PowerShell.Tests;

/// <summary>The newcomer's path: the demo's entry code, end to end against an in-process simulator.</summary>
[Collection(PowerShellCollection.Name)]
public sealed class DemoTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private readonly string _outDir = Path.Combine(Path.GetTempPath(), "kumatip-demo-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_outDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task Demo_exits_non_zero_with_a_clear_message_when_the_input_is_missing()
    {
        var output = new StringWriter();
        var missing = Path.Combine(_outDir, "no-such.csv");

        var exitCode = await DemoRunner.RunAsync(new DemoOptions { OutDir = _outDir, CsvPath = missing }, output).WaitAsync(Timeout);

        Assert.Equal(1, exitCode);
        Assert.Contains("Demo failed: The indicator file is missing. Expected: " + missing, output.ToString());
        Assert.False(Directory.Exists(_outDir) && File.Exists(Path.Combine(_outDir, "report.html")));
    }
}
