using KumaTip.Core.Indicators;

namespace KumaTip.Core.Tests.Indicators;

public sealed class IndicatorParserTests
{
    [Theory]
    // hashes: lower-case, 0x prefix accepted
    [InlineData("D41D8CD98F00B204E9800998ECF8427E", TipIndicatorType.Md5, "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("0xd41d8cd98f00b204e9800998ecf8427e", TipIndicatorType.Md5, "d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("da39a3ee5e6b4b0d3255bfef95601890afd80709", TipIndicatorType.Sha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709")]
    [InlineData("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", TipIndicatorType.Sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("  d41d8cd98f00b204e9800998ecf8427e  ", TipIndicatorType.Md5, "d41d8cd98f00b204e9800998ecf8427e")]
    // domains: lower-case, trailing dot, special-use, internal names, e-mail, port
    [InlineData("Evil.COM", TipIndicatorType.Domain, "evil.com")]
    [InlineData("evil.com.", TipIndicatorType.Domain, "evil.com")]
    [InlineData("sub.evil.co.uk", TipIndicatorType.Domain, "sub.evil.co.uk")]
    [InlineData("host.example", TipIndicatorType.Domain, "host.example")]
    [InlineData("build.test", TipIndicatorType.Domain, "build.test")]
    [InlineData("printer.local", TipIndicatorType.Domain, "printer.local")]
    [InlineData("dc01.corp", TipIndicatorType.Domain, "dc01.corp")]
    [InlineData("report.pdf", TipIndicatorType.Domain, "report.pdf")]
    [InlineData("_dmarc.evil.com", TipIndicatorType.Domain, "_dmarc.evil.com")]
    [InlineData("user@Evil.com", TipIndicatorType.Domain, "evil.com")]
    [InlineData("evil.com:8443", TipIndicatorType.Domain, "evil.com")]
    [InlineData("\"evil.com\"", TipIndicatorType.Domain, "evil.com")]
    [InlineData("<evil.com>", TipIndicatorType.Domain, "evil.com")]
    // IDN → punycode
    [InlineData("пример.рф", TipIndicatorType.Domain, "xn--e1afmkfd.xn--p1ai")]
    [InlineData("ПРИМЕР.РФ", TipIndicatorType.Domain, "xn--e1afmkfd.xn--p1ai")]
    [InlineData("bücher.de", TipIndicatorType.Domain, "xn--bcher-kva.de")]
    [InlineData("xn--bcher-kva.de", TipIndicatorType.Domain, "xn--bcher-kva.de")]
    // refang styles
    [InlineData("evil[.]com", TipIndicatorType.Domain, "evil.com")]
    [InlineData("evil(.)com", TipIndicatorType.Domain, "evil.com")]
    [InlineData("evil{.}com", TipIndicatorType.Domain, "evil.com")]
    [InlineData("evil[dot]com", TipIndicatorType.Domain, "evil.com")]
    [InlineData("evil(DOT)com", TipIndicatorType.Domain, "evil.com")]
    [InlineData("evil\\.com", TipIndicatorType.Domain, "evil.com")]
    [InlineData("evil [.] com", TipIndicatorType.Domain, "evil.com")]
    [InlineData("evil [dot] com", TipIndicatorType.Domain, "evil.com")]
    [InlineData("user[@]evil.com", TipIndicatorType.Domain, "evil.com")]
    [InlineData("user[at]evil.com", TipIndicatorType.Domain, "evil.com")]
    [InlineData("user [AT] evil.com", TipIndicatorType.Domain, "evil.com")]
    [InlineData("hxxp://evil.com/a", TipIndicatorType.Url, "http://evil.com/a")]
    [InlineData("hxxps://evil[.]com/a", TipIndicatorType.Url, "https://evil.com/a")]
    [InlineData("hXXps://evil.com/a", TipIndicatorType.Url, "https://evil.com/a")]
    [InlineData("HXXP://evil.com/a", TipIndicatorType.Url, "http://evil.com/a")]
    [InlineData("h**p://evil.com/a", TipIndicatorType.Url, "http://evil.com/a")]
    [InlineData("h**ps://evil.com/a", TipIndicatorType.Url, "https://evil.com/a")]
    [InlineData("fxp://files.evil.com/x", TipIndicatorType.Url, "ftp://files.evil.com/x")]
    [InlineData("hxxp[:]//evil.com/a", TipIndicatorType.Url, "http://evil.com/a")]
    [InlineData("hxxp[://]evil.com/a", TipIndicatorType.Url, "http://evil.com/a")]
    [InlineData("https[:]//evil[.]com", TipIndicatorType.Url, "https://evil.com")]
    [InlineData("1.2.3[.]4", TipIndicatorType.IPv4, "1.2.3.4")]
    [InlineData("1[.]2[.]3[.]4", TipIndicatorType.IPv4, "1.2.3.4")]
    // URLs: lower-case scheme and host, default port and fragment dropped, path and query as given
    [InlineData("HTTP://Evil.COM/Path/File.PHP?Q=A#frag", TipIndicatorType.Url, "http://evil.com/Path/File.PHP?Q=A")]
    [InlineData("http://evil.com:80/a", TipIndicatorType.Url, "http://evil.com/a")]
    [InlineData("https://evil.com:443/a", TipIndicatorType.Url, "https://evil.com/a")]
    [InlineData("https://evil.com:8443/a", TipIndicatorType.Url, "https://evil.com:8443/a")]
    [InlineData("http://evil.com/a/../b%20c", TipIndicatorType.Url, "http://evil.com/a/../b%20c")]
    [InlineData("http://1.2.3.4/x", TipIndicatorType.Url, "http://1.2.3.4/x")]
    [InlineData("http://[2001:DB8::1]:8080/x", TipIndicatorType.Url, "http://[2001:db8::1]:8080/x")]
    [InlineData("http://[::1]/", TipIndicatorType.Url, "http://[::1]/")]
    [InlineData("http://intranet/login", TipIndicatorType.Url, "http://intranet/login")]
    [InlineData("http://paypal.com@Evil.com/login", TipIndicatorType.Url, "http://paypal.com@evil.com/login")]
    [InlineData("http://пример.рф/путь", TipIndicatorType.Url, "http://xn--e1afmkfd.xn--p1ai/путь")]
    [InlineData("www.evil[.]com/path", TipIndicatorType.Url, "www.evil.com/path")]
    [InlineData("WWW.Evil.com/Path?x=1", TipIndicatorType.Url, "www.evil.com/Path?x=1")]
    [InlineData("1.2.3.4/x", TipIndicatorType.Url, "1.2.3.4/x")]
    [InlineData("evil.com:8080/x", TipIndicatorType.Url, "evil.com:8080/x")]
    // IPv4 / IPv6
    [InlineData("1.2.3.4", TipIndicatorType.IPv4, "1.2.3.4")]
    [InlineData("0.0.0.0", TipIndicatorType.IPv4, "0.0.0.0")]
    [InlineData("255.255.255.255", TipIndicatorType.IPv4, "255.255.255.255")]
    [InlineData("1.2.3.4:8080", TipIndicatorType.IPv4, "1.2.3.4")]
    [InlineData("2001:0DB8:0000:0000:0000:0000:0000:0001", TipIndicatorType.IPv6, "2001:db8::1")]
    [InlineData("[::1]", TipIndicatorType.IPv6, "::1")]
    [InlineData("[2001:db8::1]:443", TipIndicatorType.IPv6, "2001:db8::1")]
    [InlineData("fe80::1%eth0", TipIndicatorType.IPv6, "fe80::1")]
    [InlineData("2001:db8:0:0:1:0:0:1", TipIndicatorType.IPv6, "2001:db8::1:0:0:1")]
    public void Explicit_value_is_classified_and_normalized(string input, TipIndicatorType type, string value)
    {
        var result = IndicatorParser.Parse(input);

        Assert.True(result.Success, result.Error);
        Assert.Equal(type, result.Indicator!.Kind);
        Assert.Equal(value, result.Indicator.Value);
    }

    [Theory]
    [InlineData("010.1.1.1", "leading zero is ambiguous (octal or decimal); write it as 10.1.1.1 or 8.1.1.1")]
    [InlineData("192.168.001.001", "leading zero is ambiguous (octal or decimal); write it as 192.168.1.1.")]
    [InlineData("010.010.1.1", "write it as 10.10.1.1 or 8.8.1.1.")]
    [InlineData("1.2.3.0300", "write it as 1.2.3.192.")]
    [InlineData("1.2.3.0000000000000000000009", "leading zero is ambiguous (octal or decimal).")]
    [InlineData("1.2.3", "four numbers (a.b.c.d); this has 3")]
    [InlineData("1.2.3.4.5", "this has 5")]
    [InlineData("999.1.1.1", "999 is out of range")]
    [InlineData("1.2.3.256", "256 is out of range")]
    [InlineData("1..2.3", "empty part")]
    [InlineData("3232235777", "bare number")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("see evil.com now", "contains spaces")]
    [InlineData("localhost", "single-label")]
    [InlineData("N/A", "single-label")]
    [InlineData("-evil.com", "cannot start or end with '-'")]
    [InlineData("evil..com", "empty label")]
    [InlineData("evil.c0m1", "not a top-level domain")]
    [InlineData("setup.v2", "not a top-level domain")]
    [InlineData("evil!.com", "'!' cannot appear")]
    [InlineData("d41d8cd98f00b204e9800998ecf8427", "31 hex digits is not a hash")]
    [InlineData("0xd41d8cd98f00b204e9800998ecf8427e00", "34 hex digits is not a hash")]
    [InlineData("10.0.0.0/8", "CIDR")]
    [InlineData("2001:db8::/32", "CIDR")]
    [InlineData("http://", "no host")]
    [InlineData("http://010.0.0.1/x", "leading zero")]
    [InlineData("http://evil.com:99999/", "port")]
    [InlineData("1.2.3.4:0", "port")]
    [InlineData("://evil.com", "not a URL scheme")]
    [InlineData("[zz::1]", "not an IPv6")]
    [InlineData("a\u0001b.com", "control character")]
    public void Value_that_is_not_an_indicator_gets_a_reason(string input, string reason)
    {
        var result = IndicatorParser.Parse(input);

        Assert.False(result.Success, "parsed as " + result.Indicator);
        Assert.Contains(reason, result.Error);
        if (input.Trim().Length > 0) Assert.Contains("'" + IndicatorParser.Shorten(input.Trim()) + "'", result.Error);
    }

    [Fact]
    public void Leading_zero_error_reads_like_the_documented_message()
    {
        var result = IndicatorParser.Parse("010.1.1.1");

        Assert.Equal("'010.1.1.1' is not an indicator: an IPv4 address with a leading zero is ambiguous (octal or decimal); write it as 10.1.1.1 or 8.1.1.1.", result.Error);
    }

    [Fact]
    public void Absurdly_long_value_is_shortened_in_the_message()
    {
        var input = new string('a', 100_000) + ".com";

        var result = IndicatorParser.Parse(input);

        Assert.False(result.Success);
        Assert.True(result.Error!.Length < 300, result.Error);
    }

    [Fact]
    public void Null_is_an_error_not_an_exception()
    {
        Assert.False(IndicatorParser.TryParse(null, out var indicator, out var error));
        Assert.Null(indicator);
        Assert.Contains("empty", error);
    }

    [Fact]
    public void Defanged_url_is_marked_and_keeps_its_original()
    {
        var indicator = IndicatorParser.Parse("hxxps://evil[.]com/x", "pipeline").Indicator!;

        Assert.True(indicator.Defanged);
        Assert.Equal("hxxps://evil[.]com/x", indicator.Original);
        Assert.Equal("pipeline", indicator.Source);
    }

    [Fact]
    public void Plain_value_is_not_marked_defanged()
    {
        Assert.False(IndicatorParser.Parse("https://evil.com/x").Indicator!.Defanged);
    }

    [Fact]
    public void Internationalized_name_keeps_its_unicode_form()
    {
        var indicator = IndicatorParser.Parse("Пример.рф").Indicator!;

        Assert.Equal("xn--e1afmkfd.xn--p1ai", indicator.Value);
        Assert.Equal("пример.рф", indicator.UnicodeValue);
    }

    [Fact]
    public void Ascii_name_has_no_unicode_form()
    {
        Assert.Null(IndicatorParser.Parse("evil.com").Indicator!.UnicodeValue);
    }

    [Theory]
    [InlineData("hxxp://evil[.]com", "http://evil.com", true)]
    [InlineData("evil(dot)com", "evil.com", true)]
    [InlineData("a[:]b", "a:b", true)]
    [InlineData("[[.]]", ".", true)]
    [InlineData("plain text.", "plain text.", false)]
    public void Refang_undoes_defanging_and_reports_change(string input, string expected, bool changed)
    {
        var output = IndicatorParser.Refang(input, out var wasChanged);

        Assert.Equal(expected, output);
        Assert.Equal(changed, wasChanged);
    }
}
