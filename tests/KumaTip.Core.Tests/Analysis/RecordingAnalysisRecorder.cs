using KumaTip.Core.Analysis;
using KumaTip.Core.Api;

namespace KumaTip.Core.Tests.Analysis;

/// <summary>Keeps what a file analysis records, in order, so tests can see the task's life.</summary>
public sealed class RecordingAnalysisRecorder : IFileAnalysisRecorder
{
    public List<string> Events { get; } = new();

    public TipApiResponse? Stored { get; private set; }

    public int StartTask(string fileName, string sha256)
    {
        Events.Add("start " + fileName);
        return 7;
    }

    public void Uploaded(int taskId) => Events.Add("uploaded " + taskId);

    public void Complete(int taskId, TipApiResponse response)
    {
        Stored = response;
        Events.Add("complete " + taskId);
    }

    public void Known(TipApiResponse response)
    {
        Stored = response;
        Events.Add("known");
    }

    public void Stop(int taskId, bool failed, string message) => Events.Add((failed ? "failed " : "stopped ") + taskId + ": " + message);
}
