using KumaTip.Core.Indicators;

namespace KumaTip.Core.Tests.Indicators;

public sealed class TopLevelDomainsTests
{
    [Theory]
    [InlineData("com", true)]
    [InlineData("ru", true)]
    [InlineData("xn--p1ai", true)]   // .рф, listed in Unicode in the PSL
    [InlineData("zip", true)]
    [InlineData("local", true)]      // special-use
    [InlineData("internal", true)]
    [InlineData("pdf", false)]
    [InlineData("exe", false)]
    [InlineData("txt", false)]
    public void Shipped_public_suffix_list_decides_what_a_real_TLD_is(string tld, bool known)
    {
        Assert.Equal(known, TopLevelDomains.IsKnown(tld));
    }

    [Fact]
    public void Embedded_list_is_loaded_not_just_the_special_use_names()
    {
        Assert.True(TopLevelDomains.Count > 1000, "TLDs loaded: " + TopLevelDomains.Count);
    }
}
