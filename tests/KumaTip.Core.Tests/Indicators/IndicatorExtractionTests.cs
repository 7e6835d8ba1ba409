using KumaTip.Core.Indicators;

namespace KumaTip.Core.Tests.Indicators;

public sealed class IndicatorExtractionTests
{
    private static string[] Found(string text) =>
        IndicatorParser.Extract(text).Select(i => i.Type + " " + i.Value).ToArray();

    [Theory]
    [InlineData("Beacon to evil.com.", "Domain evil.com")]
    [InlineData("Seen (evil.com) twice", "Domain evil.com")]
    [InlineData("domains: \"evil.com\", \"bad.net\";", "Domain evil.com|Domain bad.net")]
    [InlineData("Open report.pdf then run setup.exe", "")]
    [InlineData("upgrade to version 1.2.3 today", "")]
    [InlineData("build 010.1.1.1 is old", "")]
    [InlineData("C2 at 1.2.3.4:8080 over TLS", "IPv4 1.2.3.4")]
    [InlineData("ip=10.0.0.5 and host=evil.com", "IPv4 10.0.0.5|Domain evil.com")]
    [InlineData("Mail from user@evil.com", "Domain evil.com")]
    [InlineData("hxxps://evil[.]com/dl?id=1 then 1.2.3[.]4", "Url https://evil.com/dl?id=1|IPv4 1.2.3.4")]
    [InlineData("see http://en.wikipedia.org/wiki/Foo_(bar).", "Url http://en.wikipedia.org/wiki/Foo_(bar)")]
    [InlineData("(see http://evil.com/x)", "Url http://evil.com/x")]
    [InlineData("href=\"http://evil.com/a\">click", "Url http://evil.com/a")]
    [InlineData("payload at www.evil[.]com/path now", "Url www.evil.com/path")]
    [InlineData("internal hosts dc01.corp.local and build.test", "Domain dc01.corp.local|Domain build.test")]
    [InlineData("hash D41D8CD98F00B204E9800998ECF8427E found", "Md5 d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e", "Md5 d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("run d41d8cd98f00b204e9800998ecf8427e00 now", "")]
    [InlineData("to evil [.] com and bad [dot] org", "Domain evil.com|Domain bad.org")]
    [InlineData("v6 2001:db8::1 and [::1]", "IPv6 2001:db8::1|IPv6 ::1")]
    [InlineData("at 12:30:45 the std::vector grew", "")]
    [InlineData("кириллица: пример.рф.", "Domain xn--e1afmkfd.xn--p1ai")]
    [InlineData("and/or TCP/IP src/KumaTip.Core/x.cs", "")]
    [InlineData("blocked 10.0.0.0/8 range", "")]
    [InlineData("listener [2001:db8::1]:443.", "IPv6 2001:db8::1")]
    [InlineData("Visit https://Evil.com. Then 8.8.8.8.", "Url https://evil.com|IPv4 8.8.8.8")]
    [InlineData("hxxp://evil[.]com:8080/a[.]php", "Url http://evil.com:8080/a.php")]
    [InlineData("e.g. i.e. etc. node.js U.S. v1.2.3.4b", "")]
    [InlineData("tor at abcdefghijklmnop.onion and printer.local", "Domain abcdefghijklmnop.onion|Domain printer.local")]
    [InlineData("CAPS: EVIL.COM", "Domain evil.com")]
    [InlineData("Contact: phish [at] evil [dot] com now", "Domain evil.com")]
    [InlineData("files at fxp://files(.)evil.com/a and h**ps://x.evil.com", "Url ftp://files.evil.com/a|Url https://x.evil.com")]
    public void Prose_yields_indicators_in_order(string text, string expected)
    {
        var expectedList = expected.Length == 0 ? Array.Empty<string>() : expected.Split('|');

        Assert.Equal(expectedList, Found(text));
    }

    [Fact]
    public void Order_of_appearance_is_kept_across_types()
    {
        var text = "First 5.6.7.8, then hxxp://b[.]org/x, then a.com and e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855; finally a.com again.";

        Assert.Equal(new[] { "IPv4 5.6.7.8", "Url http://b.org/x", "Domain a.com", "Sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "Domain a.com" }, Found(text));
    }

    [Fact]
    public void Defanged_indicator_in_prose_is_marked_and_keeps_its_spelling()
    {
        var indicator = IndicatorParser.Extract("blocked hxxps://evil[.]com today", "ticket").Single();

        Assert.True(indicator.Defanged);
        Assert.Equal("hxxps://evil[.]com", indicator.Original);
        Assert.Equal("ticket", indicator.Source);
    }

    [Fact]
    public void Null_and_empty_text_yield_nothing()
    {
        Assert.Empty(IndicatorParser.Extract(null));
        Assert.Empty(IndicatorParser.Extract(""));
    }

    [Fact]
    public void Huge_text_without_spaces_is_skipped_not_thrown()
    {
        var text = "start evil.com " + new string('x', 1_000_000) + " end bad.org";

        Assert.Equal(new[] { "Domain evil.com", "Domain bad.org" }, Found(text));
    }
}
