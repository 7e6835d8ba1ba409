using KumaTip.Benchmarks;

// dotnet run -c Release --project tests/KumaTip.Benchmarks -- [--quick] [--smoke] [--out PATH] [--only 1,3]
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
return await BenchmarkProgram.MainAsync(args, cancel.Token);
