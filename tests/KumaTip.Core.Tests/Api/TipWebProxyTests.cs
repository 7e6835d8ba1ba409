using KumaTip.Core.Api;

namespace KumaTip.Core.Tests.Api;

public sealed class TipWebProxyTests
{
    private static readonly Uri ProxyAddress = new("http://proxy.corp:3128/");

    [Theory]
    [InlineData("https://tip.kaspersky.com/", false)]
    [InlineData("https://a.corp.local/", true)]
    [InlineData("https://TIP.INTERNAL/", true)]
    [InlineData("https://10.1.2.3/", true)]
    [InlineData("https://intranet/", true)]
    [InlineData("https://corp.local.evil.com/", false)]
    public void Bypass_patterns_are_host_wildcards(string destination, bool bypassed)
    {
        var proxy = new TipWebProxy(ProxyAddress, new[] { "*.corp.local", "tip.internal", "10.*", "<local>", " " }, null);

        Assert.Equal(bypassed, proxy.IsBypassed(new Uri(destination)));
        Assert.Equal(bypassed ? new Uri(destination) : ProxyAddress, proxy.GetProxy(new Uri(destination)));
    }
}
