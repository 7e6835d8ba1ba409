using System.Reflection;

namespace KumaTip.Loader.Tests;

public class DependencyPolicyTests
{
    private static AssemblyName Name(string name, string version) => new(name) { Version = new Version(version) };

    [Fact]
    public void Platform_assembly_comes_from_the_host_even_when_the_host_copy_is_older()
    {
        // pwsh 7.6.9 ships Microsoft.Bcl.AsyncInterfaces 10.0.0.14; we are built against 10.0.0.15.
        var source = DependencyPolicy.Decide(Name("Microsoft.Bcl.AsyncInterfaces", "10.0.0.15"), new Version(10, 0, 0, 14), privateCopyExists: true);
        Assert.Equal(DependencySource.Host, source);
    }

    [Fact]
    public void System_assembly_the_host_ships_comes_from_the_host()
    {
        var source = DependencyPolicy.Decide(Name("System.Text.Json", "8.0.0.0"), new Version(10, 0, 0, 0), privateCopyExists: true);
        Assert.Equal(DependencySource.Host, source);
    }

    [Fact]
    public void Library_the_host_lacks_is_private()
    {
        var source = DependencyPolicy.Decide(Name("Polly.Core", "8.0.0.0"), hostVersion: null, privateCopyExists: true);
        Assert.Equal(DependencySource.Private, source);
    }

    [Fact]
    public void Platform_assembly_the_host_lacks_is_private()
    {
        var source = DependencyPolicy.Decide(Name("System.Threading.RateLimiting", "10.0.0.0"), hostVersion: null, privateCopyExists: true);
        Assert.Equal(DependencySource.Private, source);
    }

    [Fact]
    public void Library_with_an_older_host_copy_is_private()
    {
        var source = DependencyPolicy.Decide(Name("Microsoft.Extensions.Http", "8.0.0.0"), new Version(6, 0, 0, 0), privateCopyExists: true);
        Assert.Equal(DependencySource.Private, source);
    }

    [Fact]
    public void Library_with_a_host_copy_at_least_as_new_is_shared()
    {
        Assert.Equal(DependencySource.Host, DependencyPolicy.Decide(Name("Microsoft.Extensions.Http", "8.0.0.0"), new Version(8, 0, 0, 0), true));
        Assert.Equal(DependencySource.Host, DependencyPolicy.Decide(Name("Microsoft.Extensions.Http", "8.0.0.0"), new Version(10, 0, 0, 0), true));
    }

    [Fact]
    public void Assembly_without_a_private_copy_is_left_to_the_host()
    {
        var source = DependencyPolicy.Decide(Name("System.Runtime", "8.0.0.0"), hostVersion: null, privateCopyExists: false);
        Assert.Equal(DependencySource.Host, source);
    }
}
