using System.Collections;
using System.Management.Automation.Language;

namespace KumaTip.PowerShell.Tests.Infrastructure;

/// <summary>Reads the staged manifest as data (this engine has no Import-PowerShellDataFile).</summary>
public static class Manifest
{
    public static Hashtable Read()
    {
        var path = Path.Combine(RepoPaths.StagedModule, "KumaTip.psd1");
        var ast = Parser.ParseFile(path, out _, out var errors);
        if (errors.Length > 0) throw new InvalidOperationException("Manifest does not parse: " + errors[0]);
        var table = ast.Find(a => a is HashtableAst, searchNestedScriptBlocks: false) as HashtableAst
                    ?? throw new InvalidOperationException("Manifest holds no hashtable");
        return (Hashtable)table.SafeGetValue();
    }

    public static IReadOnlyList<string> List(string key)
        => Read()[key] switch
        {
            null => Array.Empty<string>(),
            object[] items => items.Select(i => i.ToString()!).ToArray(),
            var single => new[] { single.ToString()! },
        };
}
