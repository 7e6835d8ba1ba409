using System.Management.Automation;

namespace KumaTip.Benchmarks.Scenarios;

/// <summary>Reads Invoke-TipLookup output objects without binding to the module's types.</summary>
internal static class LookupOutput
{
    public static bool FromCache(PSObject o) => o.Properties["FromCache"]?.Value is true;

    public static int CountFromCache(IEnumerable<PSObject> output) => output.Count(FromCache);
}
