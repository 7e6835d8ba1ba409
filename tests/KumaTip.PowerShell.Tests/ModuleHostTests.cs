using KumaTip.PowerShell.Tests.Infrastructure;
using Xunit.Sdk;

namespace KumaTip.PowerShell.Tests;

[Collection(PowerShellCollection.Name)]
public sealed class ModuleHostTests
{
    [Fact]
    public void Script_that_never_ends_is_stopped_and_fails_its_test()
    {
        using var host = new ModuleHost { ScriptTimeout = TimeSpan.FromSeconds(2) };

        var error = Assert.Throws<XunitException>(() => host.Run("while ($true) { }"));

        Assert.Contains("did not finish", error.Message);
        Assert.Empty(host.Run("'still usable'").AssertNoErrors().Errors);
    }
}
