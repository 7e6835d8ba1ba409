using KumaTip.Core.Api;
using KumaTip.Core.Tests.Api.Infrastructure;

namespace KumaTip.Core.Tests.Api;

public sealed class PortalLinksTests
{
    [Fact]
    public void Link_points_at_the_portal_search_with_the_escaped_value()
    {
        var indicator = TestClients.Indicator("http://dd.daywinners.com/d/VFZvqeP-V1ffkQ.exe?a=1&b=2");

        var link = PortalLinks.For(indicator, new Uri("https://tip.kaspersky.com/"));

        Assert.Equal("https://tip.kaspersky.com/search?searchString=" + Uri.EscapeDataString(indicator.Value), link.AbsoluteUri);
        Assert.DoesNotContain("&b=", link.Query);
    }

    [Fact]
    public void Link_keeps_the_endpoint_host_and_port()
    {
        var link = PortalLinks.For(TestClients.Indicator("example.com"), new Uri("https://127.0.0.1:8443/api/"));

        Assert.Equal("https://127.0.0.1:8443/search?searchString=example.com", link.AbsoluteUri);
    }
}
