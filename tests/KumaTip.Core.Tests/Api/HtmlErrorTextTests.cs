using KumaTip.Core.Api;

namespace KumaTip.Core.Tests.Api;

public sealed class HtmlErrorTextTests
{
    [Fact]
    public void Page_is_reduced_to_its_visible_text()
    {
        const string page = """
            <!DOCTYPE html><html><head><title>Error</title><style>body { color: red }</style>
            <script>var secret = "x";</script></head>
            <body><!-- comment --><h1>403&nbsp;Forbidden</h1>
              <p>Access   to the API is &lt;not&gt; allowed &amp; logged.</p></body></html>
            """;

        Assert.Equal("403 Forbidden Access to the API is <not> allowed & logged.", HtmlErrorText.Reduce(page));
    }

    [Fact]
    public void Long_text_is_capped_with_an_ellipsis()
    {
        var reduced = HtmlErrorText.Reduce("<p>" + new string('x', 5000) + "</p>", 100);

        Assert.Equal(100, reduced.Length);
        Assert.EndsWith("…", reduced);
    }

    [Fact]
    public void Title_is_used_when_the_body_has_no_text()
    {
        Assert.Equal("502 Bad Gateway", HtmlErrorText.Reduce("<html><head><title>502 Bad Gateway</title></head><body></body></html>"));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("   ", "")]
    [InlineData("plain text\r\n  reply", "plain text reply")]
    public void Plain_or_empty_bodies_are_kept_short_and_on_one_line(string? body, string expected)
    {
        Assert.Equal(expected, HtmlErrorText.Reduce(body));
    }
}
