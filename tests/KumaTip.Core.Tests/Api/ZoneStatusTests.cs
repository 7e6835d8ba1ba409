using KumaTip.Core.Api;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Tests.Api;

public sealed class ZoneStatusTests
{
    [Theory]
    [InlineData(TipZone.Red, "Malware")]
    [InlineData(TipZone.Yellow, "Adware and other")]
    [InlineData(TipZone.Grey, "Not categorized")]
    [InlineData(TipZone.Green, "Clean")]
    public void Hash_statuses_follow_the_portal(TipZone zone, string status)
    {
        Assert.Equal(status, ZoneStatus.For(zone, TipIndicatorType.Sha256));
        Assert.Equal(status, ZoneStatus.For(zone, TipIndicatorType.Md5));
    }

    [Theory]
    [InlineData(TipZone.Red, "Dangerous")]
    [InlineData(TipZone.Orange, "Not trusted")]
    [InlineData(TipZone.Yellow, "Adware and other")]
    [InlineData(TipZone.Grey, "Not categorized")]
    [InlineData(TipZone.Green, "Good")]
    public void Network_statuses_follow_the_portal(TipZone zone, string status)
    {
        foreach (var type in new[] { TipIndicatorType.Domain, TipIndicatorType.Url, TipIndicatorType.IPv4, TipIndicatorType.IPv6 })
        {
            Assert.Equal(status, ZoneStatus.For(zone, type));
        }
    }
}
