using System.Globalization;
using System.Runtime.InteropServices;
using KumaTip.Simulator;

// dotnet run --project src/KumaTip.Simulator -- --port 8443 --state-dir DIR [--day-quota N] [--latency-ms N]
//   [--slow-latency-ms N] [--plain-errors] [--quiet]
var options = new TipSimulatorOptions { Port = 8443, StateDirectory = "" };
var quiet = false;
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
        int NextInt() => int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{args[i - 1]} needs a whole number.");
        switch (args[i])
        {
            case "--port": options.Port = NextInt(); break;
            case "--state-dir": options.StateDirectory = Next(); break;
            case "--day-quota": options.DayQuota = NextInt(); break;
            case "--latency-ms": options.Latency = TimeSpan.FromMilliseconds(NextInt()); break;
            case "--slow-latency-ms": options.SlowLatency = TimeSpan.FromMilliseconds(NextInt()); break;
            case "--plain-errors": options.HtmlErrorPages = false; break;
            case "--quiet": quiet = true; break;
            case "--help" or "-h":
                Console.WriteLine("Usage: KumaTip.Simulator --state-dir DIR [--port 8443] [--day-quota 100] [--latency-ms 0] [--slow-latency-ms 3000] [--plain-errors] [--quiet]");
                return 0;
            default: throw new ArgumentException($"Unknown option '{args[i]}'. Try --help.");
        }
    }

    if (string.IsNullOrWhiteSpace(options.StateDirectory)) throw new ArgumentException("--state-dir DIR is required (the simulator keeps its CA, certificates and accounts there).");
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

if (!quiet)
{
    options.RequestObserved = e => Console.WriteLine(
        $"{e.Time:HH:mm:ss.fff} {e.Status,3} {e.Account,-18} {e.Endpoint,-6} {e.Value}" +
        (e.Sections is null ? "" : $" sections={e.Sections}") + (e.Count is null ? "" : $" count={e.Count}"));
}

await using var simulator = await TipSimulator.StartAsync(options);
Console.WriteLine($"TIP simulator listening on {simulator.BaseAddress}");
Console.WriteLine($"  trust CA:       {simulator.CaPemPath}");
Console.WriteLine($"  client PFX:     {simulator.ClientPfxPath}");
Console.WriteLine($"  accounts:       {Path.Combine(simulator.StateDirectory, "account.json")} (normal user: {simulator.Account.User}; API tokens: ApiToken)");
Console.WriteLine($"  request log:    {simulator.RequestLogPath}");
Console.WriteLine("Press Ctrl+C to stop.");

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
await stop.Task;
Console.WriteLine("Stopping.");
return 0;
