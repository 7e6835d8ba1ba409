using System.Diagnostics;
using System.Text.Json;
using KumaTip.Simulator;

namespace KumaTip.Core.Tests.Simulator;

/// <summary>The command-line contract: <c>KumaTip.Simulator --port N --state-dir DIR</c> serves and writes the state files.</summary>
public sealed class SimulatorCommandLineTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    /// <summary>The dotnet running the tests (set by the dotnet CLI), so the test does not depend on PATH.</summary>
    private static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    [Fact]
    public async Task Command_line_serves_lookups_with_the_files_it_writes_to_the_state_folder()
    {
        using var directory = new TempDirectory();
        var dll = Path.Combine(AppContext.BaseDirectory, "KumaTip.Simulator.dll");
        var start = new ProcessStartInfo(DotnetHost) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "--port", "0", "--state-dir", directory.Path, "--day-quota", "5", "--quiet" }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        try
        {
            var baseAddress = await ReadBaseAddressAsync(process).WaitAsync(Guard);
            var account = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory.Path, "account.json"))).RootElement;
            var normal = new SimulatorAccount(
                account.GetProperty("User").GetString()!, account.GetProperty("Password").GetString()!,
                account.GetProperty("PfxPassword").GetString()!, SimulatorAccountKind.Normal);
            using var client = SimulatorHttp.CreateClient(Path.Combine(directory.Path, "ca.pem"), Path.Combine(directory.Path, "client.pfx"), baseAddress, normal);

            var root = await SimulatorHttp.GetJsonAsync(client, "api/domain/example.com?sections=LicenseInfo");

            Assert.Equal(5, root.GetProperty("LicenseInfo").GetProperty("DayQuota").GetInt32());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(Guard);
        }
    }

    [Fact]
    public async Task Command_line_without_a_state_folder_exits_with_a_usage_error()
    {
        var start = new ProcessStartInfo(DotnetHost) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "KumaTip.Simulator.dll"));
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add("0");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();

        await process.WaitForExitAsync().WaitAsync(Guard);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--state-dir", await error.WaitAsync(Guard));
    }

    private static async Task<Uri> ReadBaseAddressAsync(Process process)
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            const string marker = "listening on ";
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0) return new Uri(line[(at + marker.Length)..].Trim());
        }

        throw new InvalidOperationException("The simulator exited before it listened: " + await process.StandardError.ReadToEndAsync());
    }
}
