using System.IO;
using System.Net.Http;
using KumaTip.Core.Diagnostics;

namespace KumaTip.Core.Tests.Diagnostics;

public class ModuleLoadExceptionTests
{
    [Fact]
    public void Assembly_version_mismatch_is_described_as_a_load_failure_not_a_connection_problem()
    {
        var inner = new FileLoadException("Could not load file or assembly 'Microsoft.Bcl.AsyncInterfaces, Version=10.0.0.15'.");

        var described = ModuleLoadException.From(inner);

        Assert.NotNull(described);
        Assert.Contains("Microsoft.Bcl.AsyncInterfaces, Version=10.0.0.15", described!.Message);
        Assert.Contains("not with the connection", described.Message);
        Assert.Contains("new PowerShell session", described.Message);
        Assert.Same(inner, described.InnerException);
    }

    [Fact]
    public void Load_failure_inside_a_type_initializer_is_found()
    {
        var inner = new FileNotFoundException("Could not load file or assembly 'LiteDB, Version=5.0.20.0'.", "LiteDB, Version=5.0.20.0, Culture=neutral");
        var wrapped = new TypeInitializationException("KumaTip.Core.Storage.TipDatabase", inner);

        Assert.NotNull(ModuleLoadException.From(wrapped));
    }

    [Fact]
    public void Missing_method_from_a_mismatched_assembly_is_a_load_failure()
    {
        Assert.NotNull(ModuleLoadException.From(new MissingMethodException("Method not found: 'Void Polly.X.Y()'.")));
    }

    [Fact]
    public void Ordinary_failures_are_not_load_failures()
    {
        Assert.Null(ModuleLoadException.From(new HttpRequestException("Connection refused")));
        Assert.Null(ModuleLoadException.From(new FileNotFoundException("The PFX file is missing.", "/tmp/client.pfx.missing")));
        Assert.Null(ModuleLoadException.From(null));
    }
}
