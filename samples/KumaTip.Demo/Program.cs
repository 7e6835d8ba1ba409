using KumaTip.Demo;

// dotnet run --project samples/KumaTip.Demo [-- --out DIR]
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

var options = DemoOptions.Parse(args, Console.Error);
if (options == null) return 2;
return await DemoRunner.RunAsync(options, Console.Out, cancel.Token);
