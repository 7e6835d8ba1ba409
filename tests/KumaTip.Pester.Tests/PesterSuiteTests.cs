using Xunit.Abstractions;

namespace KumaTip.Pester.Tests;

/// <summary>
/// Every file of tests/KumaTip.Pester on every pwsh the build installed. A file passes when Pester ran its tests,
/// none failed, nothing broke outside a test, and (under CI=true) none was skipped: a skip there means a missing part.
/// </summary>
public sealed class PesterSuiteTests : IClassFixture<PesterSummary>, IClassFixture<PesterRunResources>
{
    private readonly PesterSummary _summary;
    private readonly PesterRunResources _run;
    private readonly ITestOutputHelper _output;

    public PesterSuiteTests(PesterSummary summary, PesterRunResources run, ITestOutputHelper output)
    {
        _summary = summary;
        _run = run;
        _output = output;
    }

    public static TheoryData<string, string> Runs()
    {
        var data = new TheoryData<string, string>();
        var harness = PesterHarness.Current;
        foreach (var version in harness.PwshVersions)
        {
            foreach (var file in harness.TestFiles())
            {
                data.Add(version, file);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Pester_file_passes_on_pwsh(string pwshVersion, string testFile)
    {
        var harness = PesterHarness.Current;
        PesterFileResult result;
        string output;
        await using (var simulator = await SimulatorFixture.StartAsync(SimulatorFixture.DayQuotaFor(Path.Combine(harness.SuiteDirectory, testFile))))
        {
            try
            {
                (result, output) = await PesterProcess.RunAsync(harness, pwshVersion, testFile, simulator, _run);
            }
            catch (Exception e)
            {
                _summary.RecordError(pwshVersion, testFile, e.Message);
                throw;
            }
        }
        _summary.Record(pwshVersion, testFile, result);
        _output.WriteLine(output);

        var problems = string.Join("\n", result.Problems.Select(p => $"[{p.Result}] {p.Name}\n  {p.Error.Replace("\n", "\n  ")}"));
        Assert.True(result.PowerShell.StartsWith(pwshVersion, StringComparison.Ordinal),
            $"{testFile} ran on PowerShell {result.PowerShell}, not {pwshVersion}.");
        Assert.True(result.ContainerErrors.Count == 0,
            $"{testFile} on pwsh {pwshVersion} failed outside its tests:\n{string.Join("\n", result.ContainerErrors)}\n\n{output}");
        Assert.True(result.Failed == 0 && result.NotRun == 0, $"{testFile} on pwsh {pwshVersion}: {result}\n{problems}");
        Assert.True(result.Passed > 0, $"{testFile} on pwsh {pwshVersion} ran no test: {result}\n{output}");
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.True(result.Skipped == 0, $"{testFile} on pwsh {pwshVersion} skipped {result.Skipped} test(s) under CI=true, where a missing part is a failure:\n{output}");
        }
    }
}
