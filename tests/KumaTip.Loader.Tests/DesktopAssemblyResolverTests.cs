using System.Reflection;

namespace KumaTip.Loader.Tests;

/// <summary>
/// The Windows PowerShell 5.1 path (AppDomain.AssemblyResolve). It cannot run under .NET Framework here, but its
/// decisions can: which requests it answers, from which file, and that it loads each file once.
/// </summary>
public class DesktopAssemblyResolverTests
{
    private static string CopyOfThisTestsDependency(string folder, string simpleName)
    {
        var source = Path.Combine(AppContext.BaseDirectory, simpleName + ".dll");
        var target = Path.Combine(folder, simpleName + ".dll");
        File.Copy(source, target);
        return target;
    }

    [Fact]
    public void Answers_a_dependency_by_simple_name_whatever_version_was_asked()
    {
        using var temp = new TempFolder();
        var path = CopyOfThisTestsDependency(temp.Path, "xunit.abstractions");
        var asked = new List<string>();
        var resolver = new DesktopAssemblyResolver(new DependencyFolder(temp.Path), p => { asked.Add(p); return typeof(Xunit.Abstractions.ITest).Assembly; });

        var first = resolver.Resolve(null, new ResolveEventArgs("xunit.abstractions, Version=99.0.0.0, Culture=neutral, PublicKeyToken=8d05b1bb7a6fdb6c"));
        var second = resolver.Resolve(null, new ResolveEventArgs("xunit.abstractions, Version=1.0.0.0"));

        Assert.NotNull(first);
        Assert.Same(first, second);
        Assert.Equal(new[] { path }, asked);
    }

    [Fact]
    public void Leaves_names_it_does_not_ship_to_others()
    {
        using var temp = new TempFolder();
        var resolver = new DesktopAssemblyResolver(new DependencyFolder(temp.Path), _ => throw new InvalidOperationException("must not load"));

        Assert.Null(resolver.Resolve(null, new ResolveEventArgs("Newtonsoft.Json, Version=13.0.0.0")));
    }

    [Theory]
    [InlineData("../secrets")]
    [InlineData("..\\x")]
    [InlineData("not a name, Version=abc")]
    [InlineData("")]
    public void Ignores_names_that_are_not_plain_assembly_names(string requested)
    {
        using var temp = new TempFolder();
        var resolver = new DesktopAssemblyResolver(new DependencyFolder(temp.Path), _ => throw new InvalidOperationException("must not load"));

        Assert.Null(resolver.Resolve(null, new ResolveEventArgs(requested)));
    }

    [Fact]
    public void Loads_the_real_file_with_LoadFrom()
    {
        using var temp = new TempFolder();
        CopyOfThisTestsDependency(temp.Path, "xunit.abstractions");
        var resolver = new DesktopAssemblyResolver(new DependencyFolder(temp.Path));

        var assembly = resolver.Resolve(null, new ResolveEventArgs("xunit.abstractions, Version=2.0.0.0"));

        Assert.NotNull(assembly);
        Assert.Equal("xunit.abstractions", assembly!.GetName().Name);
    }
}
