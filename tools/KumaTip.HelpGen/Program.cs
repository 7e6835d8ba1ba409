using KumaTip.HelpGen;

// Regenerates module/en-US/KumaTip.PowerShell.dll-Help.xml from the cmdlets' XML doc comments.
//   dotnet run --project tools/KumaTip.HelpGen             write the file
//   dotnet run --project tools/KumaTip.HelpGen -- --check  exit 1 when the file is out of date or docs are missing
var check = args.Contains("--check");
var root = RepoLayout.FindRoot();
var staged = Path.Combine(root, "out", "KumaTip");
var docs = Path.Combine(root, "out", "docs", "KumaTip.PowerShell.xml");
var target = Path.Combine(root, "module", "en-US", MamlGenerator.HelpFileName);
if (!File.Exists(Path.Combine(staged, "KumaTip.psd1")) || !File.Exists(docs))
{
    Console.Error.WriteLine("The staged module or its XML docs are missing (" + staged + ", " + docs + "): run dotnet build KumaTip.sln first.");
    return 2;
}

var gaps = MamlGenerator.Gaps(staged, docs);
foreach (var gap in gaps) Console.Error.WriteLine("help gap: " + gap);

var generated = MamlGenerator.Generate(staged, docs);
if (check)
{
    var current = File.Exists(target) ? File.ReadAllText(target).Replace("\r\n", "\n") : "";
    if (current != generated)
    {
        Console.Error.WriteLine(target + " is out of date: run dotnet run --project tools/KumaTip.HelpGen");
        return 1;
    }
    Console.WriteLine(target + " is current.");
    return gaps.Count == 0 ? 0 : 1;
}

Directory.CreateDirectory(Path.GetDirectoryName(target)!);
File.WriteAllText(target, generated);
Console.WriteLine("Wrote " + target);
return 0;
