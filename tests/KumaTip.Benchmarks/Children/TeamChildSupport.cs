using System.Diagnostics;
using KumaTip.Benchmarks.Infrastructure;

namespace KumaTip.Benchmarks.Children;

/// <summary>What the team-store children share: the store they are given, and the start line they wait at together.</summary>
public static class TeamChildSupport
{
    /// <summary>The team store's connection string (with the child's password): in the environment, never on the command line.</summary>
    public const string StoreVariable = "KUMATIP_BENCH_STORE";

    public static string Store() => Environment.GetEnvironmentVariable(StoreVariable)
                                    ?? throw new InvalidOperationException(StoreVariable + " is not set: the parent passes the team store's connection string.");

    public static string Home() => Environment.GetEnvironmentVariable(EngineSession.HomeVariable)
                                   ?? throw new InvalidOperationException(EngineSession.HomeVariable + " is not set.");

    /// <summary>Writes this party's ready file and waits until every party has, so the lookups start together.</summary>
    public static void WaitForAll(string barrier, int parties, int party)
    {
        File.WriteAllText(Path.Combine(barrier, "ready-" + party), "");
        var deadline = Stopwatch.StartNew();
        while (Directory.GetFiles(barrier, "ready-*").Length < parties)
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(2)) throw new InvalidOperationException("The other processes never became ready.");
            Thread.Sleep(5);
        }
    }
}
