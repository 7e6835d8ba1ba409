using KumaTip.HelpGen;

// Regenerates module/en-US/KumaTip.PowerShell.dll-Help.xml and docs/cmdlets/*.md from the cmdlets' XML doc comments.
//   dotnet run --project tools/KumaTip.HelpGen             write the file
//   dotnet run --project tools/KumaTip.HelpGen -- --check  exit 1 when the file is out of date or docs are missing
var check = args.Contains("--check");
var root = RepoLayout.FindRoot();
var staged = Path.Combine(root, "out", "KumaTip");
var docs = Path.Combine(root, "out", "docs", "KumaTip.PowerShell.xml");
var target = Path.Combine(root, "module", "en-US", MamlGenerator.HelpFileName);
var pagesFolder = Path.Combine(root, "docs", "cmdlets");
if (!File.Exists(Path.Combine(staged, "KumaTip.psd1")) || !File.Exists(docs))
{
    Console.Error.WriteLine("The staged module or its XML docs are missing (" + staged + ", " + docs + "): run dotnet build KumaTip.sln first.");
    return 2;
}

var gaps = MamlGenerator.Gaps(staged, docs);
foreach (var gap in gaps) Console.Error.WriteLine("help gap: " + gap);

var generated = MamlGenerator.Generate(staged, docs);
var pages = MarkdownGenerator.Generate(staged, docs);
if (check)
{
    var stale = new List<string>();
    var current = File.Exists(target) ? File.ReadAllText(target).Replace("\r\n", "\n") : "";
    if (current != generated) stale.Add(target);
    foreach (var (name, text) in pages)
    {
        var path = Path.Combine(pagesFolder, name);
        if (!File.Exists(path) || File.ReadAllText(path).Replace("\r\n", "\n") != text) stale.Add(path);
    }
    foreach (var extra in Directory.Exists(pagesFolder) ? Directory.GetFiles(pagesFolder, "*.md") : Array.Empty<string>())
    {
        if (!pages.ContainsKey(Path.GetFileName(extra))) stale.Add(extra + " (no such cmdlet)");
    }
    foreach (var file in stale) Console.Error.WriteLine(file + " is out of date: run dotnet run --project tools/KumaTip.HelpGen");
    if (stale.Count > 0) return 1;
    Console.WriteLine(target + " and " + pagesFolder + " are current.");
    return gaps.Count == 0 ? 0 : 1;
}

Directory.CreateDirectory(Path.GetDirectoryName(target)!);
File.WriteAllText(target, generated);
Console.WriteLine("Wrote " + target);
Directory.CreateDirectory(pagesFolder);
foreach (var extra in Directory.GetFiles(pagesFolder, "*.md").Where(f => !pages.ContainsKey(Path.GetFileName(f)))) File.Delete(extra);
foreach (var (name, text) in pages) File.WriteAllText(Path.Combine(pagesFolder, name), text);
Console.WriteLine("Wrote " + pages.Count + " pages to " + pagesFolder);
return 0;
