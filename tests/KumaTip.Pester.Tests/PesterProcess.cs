using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace KumaTip.Pester.Tests;

/// <summary>
/// One Pester test file run in a fresh pwsh process, as a user's shell would run it: the module is imported by path
/// from out/KumaTip, nothing of the test process is loaded into it. The environment is the suite's contract
/// (see tests/KumaTip.Pester/README.md).
/// </summary>
public static class PesterProcess
{
    /// <summary>Far above what any file needs (seconds); only a hang reaches it, and then the process tree is killed.</summary>
    private static readonly TimeSpan HangLimit = TimeSpan.FromMinutes(10);

    public static async Task<(PesterFileResult Result, string Output)> RunAsync(
        PesterHarness harness, string version, string testFile, SimulatorFixture simulator, PesterRunResources run)
    {
        var pwsh = harness.Pwsh(version);
        var work = Directory.CreateTempSubdirectory("kumatip-pester-").FullName;
        var resultPath = Path.Combine(work, "result.json");
        var nunitFolder = Path.Combine(harness.ResultsDirectory, version);
        Directory.CreateDirectory(nunitFolder);
        try
        {
            var start = new ProcessStartInfo(pwsh)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = Encoding.UTF8,
                StandardErrorEncoding = Encoding.UTF8,
                WorkingDirectory = harness.Repository,
            };
            foreach (var argument in new[]
                     {
                         "-NoProfile", "-NonInteractive", "-File",
                         Path.Combine(harness.SuiteDirectory, "Support", "Invoke-KumaTipPester.ps1"),
                         "-PesterModule", harness.PesterModule,
                         "-TestPath", Path.Combine(harness.SuiteDirectory, testFile),
                         "-ResultPath", resultPath,
                         "-NUnitPath", Path.Combine(nunitFolder, Path.GetFileNameWithoutExtension(testFile) + ".xml"),
                     })
            {
                start.ArgumentList.Add(argument);
            }
            var environment = start.Environment;
            environment["KUMATIP_TEST_REPO"] = harness.Repository;
            environment["KUMATIP_TEST_MODULE"] = harness.StagedModule;
            environment["KUMATIP_TEST_PWSH"] = pwsh;
            environment["KUMATIP_TEST_WORK"] = work;
            environment["KUMATIP_TEST_SIM_DIR"] = simulator.StateDirectory;
            environment["KUMATIP_TEST_SIM_ENDPOINT"] = simulator.Endpoint;
            environment["KUMATIP_TEST_SIM_LOG"] = simulator.RequestLogPath;
            environment["KUMATIP_TEST_OPENTIP_ENDPOINT"] = simulator.OpenTipEndpoint;
            // The run's throwaway PostgreSQL (KUMATIP_TEST_PG_*, none without binaries) and the folder for copies
            // other OS users can read (KUMATIP_TEST_SHARED).
            foreach (var name in new[] { "KUMATIP_TEST_PG_HOST", "KUMATIP_TEST_PG_PORT", "KUMATIP_TEST_PG_ADMIN_USER", "KUMATIP_TEST_PG_ADMIN_PASSWORD", "KUMATIP_TEST_PG_BIN" })
            {
                environment.Remove(name);
            }
            foreach (var (name, value) in run.Environment())
            {
                environment[name] = value;
            }
            // A test that forgets its own data directory still never touches the user's.
            environment["KUMATIP_HOME"] = Path.Combine(work, "default-home");
            environment["NO_COLOR"] = "1";
            environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
            environment["POWERSHELL_UPDATECHECK"] = "Off";
            // The test host's module path (if any) is not the user's; pwsh builds its own.
            environment.Remove("PSModulePath");

            using var process = Process.Start(start)!;
            var output = new StringBuilder();
            var gate = new object();
            void Append(string? line)
            {
                if (line == null) return;
                lock (gate) output.AppendLine(line);
            }
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            using var limit = new CancellationTokenSource(HangLimit);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                throw new TimeoutException($"{testFile} on pwsh {version} still ran after {HangLimit.TotalMinutes} minutes and was killed. Output so far:\n{output}");
            }
            process.WaitForExit(); // drains the redirected streams

            string text;
            lock (gate) text = output.ToString();
            if (!File.Exists(resultPath))
            {
                throw new InvalidOperationException($"{testFile} on pwsh {version} wrote no result (exit code {process.ExitCode}). Output:\n{text}");
            }
            var result = JsonSerializer.Deserialize<PesterFileResult>(File.ReadAllText(resultPath))!;
            return (result, text);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
