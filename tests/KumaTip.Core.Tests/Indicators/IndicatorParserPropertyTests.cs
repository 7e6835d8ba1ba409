using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Tests.Indicators;

/// <summary>
/// Properties over arbitrary and indicator-like strings. The unchecked entry points are used so that an exception
/// inside the parser fails the property instead of being turned into an error result by the public safety net.
/// </summary>
public sealed class IndicatorParserPropertyTests
{
    private static readonly string[] Pieces =
    {
        "evil", "EVIL", "a", "xn--", "xn--p1ai", "пример", "рф", "bücher", "com", "local", "test", "example", "pdf", "exe", "co", "uk",
        ".", "..", "[.]", "(.)", "{.}", "[dot]", "(DOT)", "\\.", " [.] ", "[:]", "[://]", "[@]", "[at]", "@", ":", "::", "://", "/", "//",
        "?", "#", "=", "&", "%", "-", "_", "[", "]", "(", ")", "\"", "'", ",", ";", " ", "\t", "\n",
        "hxxp", "hXXps", "h**p", "fxp", "http", "https", "HTTP", "ftp", "www", "0x",
        "0", "1", "01", "010", "1.2.3", "255", "256", "999", "8080", "65535", "65536", "1.2.3.4", "::1", "2001", "db8", "fe80", "ffff",
        "d41d8cd98f00b204e9800998ecf8427e", "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "deadbeef", "\u0000", "\u0007", "\uD800", "\uDC00", "\u3002", "\uFF0E", "\u200B", "\u00A0", "…", "’",
    };

    internal static Arbitrary<string> IndicatorLike() =>
        Gen.ListOf(Gen.Elements(Pieces))
            .Select(parts => string.Concat(parts))
            .ToArbitrary();

    internal static Arbitrary<string> AnyText() =>
        Gen.OneOf(
                ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty),
                Gen.ListOf(Gen.Choose(0, 0xFFFF).Select(c => (char)c)).Select(chars => new string(chars.ToArray())))
            .ToArbitrary();

    internal static bool NeverThrows(string s)
    {
        IndicatorParser.ParseUnchecked(s, "text");
        IndicatorParser.ExtractUnchecked(s, "text", new List<TipIndicator>());
        IndicatorParser.Refang(s, out _);
        return true;
    }

    internal static bool NormalizeIsIdempotent(string s)
    {
        var first = IndicatorParser.ParseUnchecked(s, "text");
        if (!first.Success) return true;
        var second = IndicatorParser.ParseUnchecked(first.Indicator!.Value, "text");
        return second.Success && second.Indicator!.Value == first.Indicator.Value && second.Indicator.Type == first.Indicator.Type;
    }

    internal static bool ExtractedValuesParseToThemselves(string s)
    {
        var found = new List<TipIndicator>();
        IndicatorParser.ExtractUnchecked(s, "text", found);
        foreach (var indicator in found)
        {
            var again = IndicatorParser.ParseUnchecked(indicator.Value, "text");
            if (!again.Success || again.Indicator!.Value != indicator.Value || again.Indicator.Type != indicator.Type) return false;
        }
        return true;
    }

    [Property(MaxTest = 1000)]
    public Property Parser_never_throws_on_arbitrary_strings() => Prop.ForAll(AnyText(), NeverThrows);

    [Property(MaxTest = 3000)]
    public Property Parser_never_throws_on_indicator_like_strings() => Prop.ForAll(IndicatorLike(), NeverThrows);

    [Property(MaxTest = 3000)]
    public Property Normalizing_a_normalized_value_changes_nothing() => Prop.ForAll(IndicatorLike(), NormalizeIsIdempotent);

    [Property(MaxTest = 1000)]
    public Property Normalizing_arbitrary_strings_is_idempotent() => Prop.ForAll(AnyText(), NormalizeIsIdempotent);

    [Property(MaxTest = 2000)]
    public Property Extracted_values_parse_back_to_themselves() => Prop.ForAll(IndicatorLike(), ExtractedValuesParseToThemselves);

    private static readonly (string Text, string Value)[] KnownIndicators =
    {
        ("evil[.]com", "evil.com"), ("hxxps://bad(.)org/x?a=1", "https://bad.org/x?a=1"), ("1.2.3[.]4", "1.2.3.4"), ("[::1]", "::1"),
        ("D41D8CD98F00B204E9800998ECF8427E", "d41d8cd98f00b204e9800998ecf8427e"), ("host.test", "host.test"), ("user@Mail.Example", "mail.example"),
        ("www.evil[.]com/p", "www.evil.com/p"), ("10.0.0.1:8080", "10.0.0.1"), ("пример.рф", "xn--e1afmkfd.xn--p1ai"),
    };

    private static readonly string[] Fillers = { "the", "report.pdf", "setup.exe", "version", "1.2.3", "010.1.1.1", "and", "—", "see:", "N/A" };

    private static Arbitrary<(string Text, string[] Expected)> ProseWithKnownIndicators()
    {
        var word = Gen.OneOf(
            Gen.Elements(KnownIndicators).SelectMany(k => Gen.Elements("", "(", "\"", "'").SelectMany(pre => Gen.Elements("", ".", ",", ")", "\"", ";", "!")
                .Select(post => (Text: pre + k.Text + post, Value: (string?)k.Value)))),
            Gen.Elements(Fillers).Select(f => (Text: f, Value: (string?)null)));
        return Gen.ListOf(word).Select(words =>
        {
            var text = string.Join(" ", words.Select(w => w.Text));
            var expected = words.Where(w => w.Value != null).Select(w => w.Value!).ToArray();
            return (text, expected);
        }).ToArbitrary();
    }

    [Property(MaxTest = 500)]
    public Property Prose_yields_exactly_the_indicators_written_in_order() =>
        Prop.ForAll(ProseWithKnownIndicators(), sample =>
            IndicatorParser.Extract(sample.Text).Select(i => i.Value).SequenceEqual(sample.Expected));

    [Fact]
    public void Public_entry_points_survive_invalid_surrogates_and_control_characters()
    {
        var nasty = "\uD800evil.com\u0000 hxxp://\uDC00[.]x \u0007 1.2.3.4";

        var parsed = IndicatorParser.Parse(nasty);
        var extracted = IndicatorParser.Extract(nasty);

        Assert.False(parsed.Success);
        Assert.Contains(extracted, i => i.Value == "1.2.3.4");
    }
}
