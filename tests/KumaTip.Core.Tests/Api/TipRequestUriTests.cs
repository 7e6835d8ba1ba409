using KumaTip.Core.Api;
using KumaTip.Core.Tests.Api.Infrastructure;

namespace KumaTip.Core.Tests.Api;

public sealed class TipRequestUriTests
{
    [Fact]
    public void Url_is_encoded_as_one_segment_with_slashes_escaped()
    {
        Assert.Equal("example.com%2Fa%2Fb%3Fx%3D1%26y%3D%232", TipRequestUri.EncodeValue("example.com/a/b?x=1&y=#2"));
    }

    [Fact]
    public void Query_has_sections_count_and_json_format()
    {
        var uri = TipRequestUri.Build(TestClients.Indicator("44d88612fea8a8f36de82e1278abb02f"), new[] { "LicenseInfo", "Zone", "FileGeneralInfo" }, 10);

        Assert.Equal("api/hash/44d88612fea8a8f36de82e1278abb02f?sections=LicenseInfo,Zone,FileGeneralInfo&count=10&format=json", uri);
    }

    [Fact]
    public void Count_is_omitted_when_not_given()
    {
        Assert.Equal("api/ip/192.0.2.1?sections=Zone&format=json", TipRequestUri.Build(TestClients.Indicator("192.0.2.1"), new[] { "Zone" }, null));
    }

    [Fact]
    public void Value_of_exactly_2000_encoded_characters_is_accepted()
    {
        var probe = TestClients.Indicator("http://example.com/a");
        var overhead = TipRequestUri.EncodeValue(probe.Value).Length - 1;
        var indicator = TestClients.Indicator("http://example.com/" + new string('a', 2000 - overhead));
        Assert.Equal(2000, TipRequestUri.EncodeValue(indicator.Value).Length);

        var uri = TipRequestUri.Build(indicator, new[] { "Zone" }, null);

        Assert.Contains(TipRequestUri.EncodeValue(indicator.Value), uri);
    }

    [Fact]
    public void Value_that_grows_past_2000_characters_by_encoding_is_refused()
    {
        // 1000 raw characters, but each '/' costs three once encoded.
        var indicator = TestClients.Indicator("http://example.com/?q=" + string.Concat(Enumerable.Repeat("a=", 700)));
        Assert.True(indicator.Value.Length < 2000);
        Assert.True(TipRequestUri.EncodeValue(indicator.Value).Length > 2000);

        var error = Assert.Throws<TipApiException>(() => TipRequestUri.Build(indicator, new[] { "Zone" }, null));

        Assert.Equal(TipApiErrorKind.UriTooLong, error.Kind);
        Assert.Contains("at most 2000", error.Message);
        Assert.Contains("Nothing was sent", error.Message);
        Assert.Same(indicator, error.Indicator);
    }
}
