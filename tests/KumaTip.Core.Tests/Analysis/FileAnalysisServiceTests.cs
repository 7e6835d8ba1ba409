using KumaTip.Core.Analysis;
using KumaTip.Core.Api;
using KumaTip.Core.Tests.Simulator;
using KumaTip.Simulator;

namespace KumaTip.Core.Tests.Analysis;

/// <summary>A file through the simulator's OpenTIP sandbox with the real client over HTTPS.</summary>
public sealed class FileAnalysisServiceTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private readonly RecordingAnalysisRecorder _recorder = new();
    private TipSimulator _simulator = null!;
    private TipClient _client = null!;

    public async Task InitializeAsync()
    {
        var options = SimulatorFixture.DefaultOptions(_directory.Combine("sim"));
        options.OpenTipAnalysisTime = TimeSpan.FromMilliseconds(300);
        _simulator = await TipSimulator.StartAsync(options);
        _client = new TipClient(new TipConnectionOptions
        {
            Service = PortalService.OpenTip,
            Endpoint = _simulator.OpenTipBaseAddress,
            ApiToken = _simulator.OpenTipApiKey,
            TrustedCaPem = File.ReadAllText(_simulator.CaPemPath),
        });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _simulator.DisposeAsync();
        _directory.Dispose();
    }

    private FileAnalysisService Service => new(_client, _recorder);

    private static FileAnalysisOptions Quick(bool force = false) => new() { Force = force, PollInterval = TimeSpan.FromMilliseconds(50), Timeout = TimeSpan.FromMinutes(5) };

    private string NewFile(string name, int size = 2048)
    {
        var path = _directory.Combine(name);
        File.WriteAllBytes(path, System.Security.Cryptography.RandomNumberGenerator.GetBytes(size));
        return path;
    }

    private int Uploads() => _simulator.ReadRequestLog().Count(e => e.Endpoint == "opentip/scan/file");

    [Fact]
    public async Task A_new_file_is_uploaded_once_and_polled_until_the_sandbox_result_is_complete()
    {
        var path = NewFile("dropper.exe");

        var outcome = await Service.AnalyzeAsync(path, Quick(), null, CancellationToken.None);

        Assert.True(outcome.Uploaded);
        Assert.Equal(7, outcome.TaskId);
        Assert.NotNull(outcome.Response!.Sections.DynamicAnalysisResults);
        Assert.Equal(outcome.Sha256, outcome.Response.Sections.FileGeneralInfo!.Sha256);
        Assert.Equal(1, Uploads());
        Assert.Equal(["start dropper.exe", "uploaded 7", "complete 7"], _recorder.Events);
        Assert.Same(outcome.Response, _recorder.Stored);
    }

    [Fact]
    public async Task A_file_the_service_has_analysed_already_is_not_uploaded_again_unless_forced()
    {
        var path = NewFile("again.exe");
        await Service.AnalyzeAsync(path, Quick(), null, CancellationToken.None);

        var second = await Service.AnalyzeAsync(path, Quick(), null, CancellationToken.None);
        Assert.False(second.Uploaded);
        Assert.Null(second.TaskId);
        Assert.Equal(1, Uploads());

        var forced = await Service.AnalyzeAsync(path, Quick(force: true), null, CancellationToken.None);
        Assert.True(forced.Uploaded);
        Assert.Equal(2, Uploads());
    }

    [Fact]
    public async Task A_file_over_the_limit_is_refused_by_name_before_anything_is_sent()
    {
        var path = NewFile("huge.iso", 4096);
        var before = _simulator.ReadRequestLog().Count;

        var error = await Assert.ThrowsAsync<FileAnalysisException>(() => Service.AnalyzeAsync(path, new FileAnalysisOptions { MaxBytes = 1000 }, null, CancellationToken.None));

        Assert.Equal("FileTooLarge", error.ErrorId);
        Assert.Contains(path, error.Message);
        Assert.Contains("Nothing was uploaded", error.Message);
        Assert.Equal(before, _simulator.ReadRequestLog().Count);
        Assert.Empty(_recorder.Events);
    }

    [Theory]
    [InlineData("missing.exe", "FileNotFound")]
    [InlineData("empty.bin", "FileEmpty")]
    public async Task A_missing_or_empty_file_is_refused_with_what_to_do(string name, string errorId)
    {
        if (name == "empty.bin") File.WriteAllBytes(_directory.Combine(name), []);

        var error = await Assert.ThrowsAsync<FileAnalysisException>(() => Service.AnalyzeAsync(_directory.Combine(name), Quick(), null, CancellationToken.None));

        Assert.Equal(errorId, error.ErrorId);
    }

    [Fact]
    public async Task An_analysis_past_its_time_leaves_a_restartable_task_and_the_restart_polls_without_uploading()
    {
        var path = NewFile("slow.exe");
        var hurried = new FileAnalysisOptions { PollInterval = TimeSpan.FromMilliseconds(50), Timeout = TimeSpan.Zero };

        var late = await Assert.ThrowsAsync<FileAnalysisException>(() => Service.AnalyzeAsync(path, hurried, null, CancellationToken.None));
        Assert.Equal("AnalysisTimedOut", late.ErrorId);
        Assert.Contains("Restart-TipTask -Id 7", late.Message);
        Assert.StartsWith("stopped 7", _recorder.Events.Last());

        var sha256 = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();
        var result = await Service.ResumeAsync(7, "slow.exe", sha256, Quick(), null, CancellationToken.None);

        Assert.NotNull(result.Sections.DynamicAnalysisResults);
        Assert.Equal(1, Uploads());
        Assert.Equal("complete 7", _recorder.Events.Last());
    }

    [Fact]
    public async Task Progress_names_each_step()
    {
        var steps = new List<string>();
        var progress = new SynchronousProgress(p => steps.Add(p.Activity));

        await Service.AnalyzeAsync(NewFile("watched.exe"), Quick(), progress, CancellationToken.None);

        Assert.StartsWith("Hashing", steps[0]);
        Assert.Contains(steps, s => s.StartsWith("Uploading watched.exe", StringComparison.Ordinal));
    }

    private sealed class SynchronousProgress(Action<FileAnalysisProgress> report) : IProgress<FileAnalysisProgress>
    {
        public void Report(FileAnalysisProgress value) => report(value);
    }
}
