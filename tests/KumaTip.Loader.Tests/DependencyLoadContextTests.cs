using System.Reflection;
using System.Runtime.Loader;

namespace KumaTip.Loader.Tests;

/// <summary>The PowerShell 7 context, on the staged module's real dependencies folder.</summary>
public class DependencyLoadContextTests
{
    private static DependencyLoadContext NewContext(HostAssemblies host)
        => new(new DependencyFolder(StagedModule.Dependencies), host);

    private static HostAssemblies NoHostLibraries()
        => new(Array.Empty<string>());

    [Fact]
    public void KumaTip_Core_loads_in_the_private_context()
    {
        var context = NewContext(HostAssemblies.OfThisProcess());

        var core = context.ResolveForDefault(AssemblyLoadContext.Default, new AssemblyName("KumaTip.Core"));

        Assert.NotNull(core);
        Assert.Same(context, AssemblyLoadContext.GetLoadContext(core!));
        Assert.StartsWith(StagedModule.Dependencies, core!.Location);
    }

    [Fact]
    public void The_default_context_is_only_served_our_own_assemblies()
    {
        var context = NewContext(HostAssemblies.OfThisProcess());

        Assert.Null(context.ResolveForDefault(AssemblyLoadContext.Default, new AssemblyName("LiteDB")));
        Assert.Null(context.ResolveForDefault(AssemblyLoadContext.Default, new AssemblyName("Microsoft.Extensions.DependencyInjection")));
    }

    [Fact]
    public void Libraries_the_host_lacks_load_privately_next_to_core()
    {
        var context = NewContext(NoHostLibraries());

        var liteDb = context.LoadFromAssemblyName(new AssemblyName("LiteDB"));
        var polly = context.LoadFromAssemblyName(new AssemblyName("Polly.Core"));

        Assert.Same(context, AssemblyLoadContext.GetLoadContext(liteDb));
        Assert.Same(context, AssemblyLoadContext.GetLoadContext(polly));
    }

    [Fact]
    public void Platform_assembly_the_host_ships_is_the_hosts_copy()
    {
        var hostJson = typeof(System.Text.Json.JsonSerializer).Assembly;
        var context = NewContext(new HostAssemblies(new[] { hostJson.Location }));

        var json = context.LoadFromAssemblyName(new AssemblyName("System.Text.Json") { Version = new Version(8, 0, 0, 0) });

        Assert.Same(hostJson, json);
    }

    [Fact]
    public void Platform_assembly_asked_in_a_newer_version_than_the_host_has_still_binds_to_the_host()
    {
        // The pwsh 7.6.9 failure: we ask 10.0.0.15, the host has 10.0.0.14.
        var hostJson = typeof(System.Text.Json.JsonSerializer).Assembly;
        var newer = new Version(hostJson.GetName().Version!.Major, 99, 0, 0);
        var context = NewContext(new HostAssemblies(new[] { hostJson.Location }));

        var json = context.LoadFromAssemblyName(new AssemblyName("System.Text.Json") { Version = newer });

        Assert.Same(hostJson, json);
    }

    [Fact]
    public void Every_staged_dependency_resolves_in_the_context()
    {
        var context = NewContext(HostAssemblies.OfThisProcess());
        var core = context.LoadFromAssemblyName(new AssemblyName("KumaTip.Core"));

        var failures = new List<string>();
        foreach (var reference in core.GetReferencedAssemblies())
        {
            try { context.LoadFromAssemblyName(reference); }
            catch (Exception ex) { failures.Add(reference.FullName + ": " + ex.Message); }
        }

        Assert.Empty(failures);
    }
}
