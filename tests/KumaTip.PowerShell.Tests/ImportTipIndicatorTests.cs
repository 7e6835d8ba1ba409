using System.Management.Automation;
using KumaTip.PowerShell.Tests.Infrastructure;

namespace KumaTip.PowerShell.Tests;

[Collection(PowerShellCollection.Name)]
public sealed class ImportTipIndicatorTests : IDisposable
{
    private readonly ModuleHost _host = new();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "kumatip-import-" + Guid.NewGuid().ToString("N"));

    public ImportTipIndicatorTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        _host.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static string Prop(PSObject o, string name) => o.Properties[name].Value?.ToString() ?? "";

    private static string[] Values(PsResult r) => r.Output.Select(o => Prop(o, "Type") + " " + Prop(o, "Value")).ToArray();

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Pipeline_strings_are_refanged_and_normalized()
    {
        var result = _host.Run("'hxxps://Evil[.]com/x#frag', 'D41D8CD98F00B204E9800998ECF8427E' | Import-TipIndicator").AssertNoErrors();

        Assert.Equal(new[] { "Url https://evil.com/x", "Md5 d41d8cd98f00b204e9800998ecf8427e" }, Values(result));
        Assert.Equal(true, result.Output[0].Properties["Defanged"].Value);
        Assert.Equal("hxxps://Evil[.]com/x#frag", Prop(result.Output[0], "Original"));
        Assert.Equal("pipeline", Prop(result.Output[0], "Source"));
    }

    [Fact]
    public void Junk_in_the_pipeline_is_a_non_terminating_error_and_the_rest_is_emitted()
    {
        var result = _host.Run("'evil.com', '010.1.1.1', '1.2.3.4' | Import-TipIndicator");

        Assert.Null(result.Terminating);
        Assert.Equal(new[] { "Domain evil.com", "IPv4 1.2.3.4" }, Values(result));
        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.StartsWith("InvalidIndicator,", error.FullyQualifiedErrorId);
        Assert.Equal("010.1.1.1", error.TargetObject);
        Assert.Contains("'010.1.1.1'", error.Exception.Message);
        Assert.Contains("leading zero", error.Exception.Message);
    }

    [Fact]
    public void Text_parameter_extracts_indicators_from_prose_in_order()
    {
        var result = _host.Run("Import-TipIndicator -Text 'Open report.pdf; C2 hxxp://bad[.]org/p at 5.6.7.8, mail from x@evil.com.'").AssertNoErrors();

        Assert.Equal(new[] { "Url http://bad.org/p", "IPv4 5.6.7.8", "Domain evil.com" }, Values(result));
        Assert.All(result.Output, o => Assert.Equal("text", Prop(o, "Source")));
    }

    [Fact]
    public void Txt_file_is_read_line_by_line_with_file_and_line_as_source()
    {
        var path = Write("iocs.txt", "# incident 42\nevil[.]com\n\nbeacon to 1.2.3.4:8080 observed\n");

        var result = _host.Run("Import-TipIndicator -Path $args[0]", path).AssertNoErrors();

        Assert.Equal(new[] { "Domain evil.com", "IPv4 1.2.3.4" }, Values(result));
        Assert.Equal(path + ":2", Prop(result.Output[0], "Source"));
        Assert.Equal(path + ":4", Prop(result.Output[1], "Source"));
    }

    [Fact]
    public void Relative_path_resolves_against_the_current_location_and_wildcards_expand()
    {
        Write("a.txt", "a.example\n");
        Write("b.txt", "b.example\n");

        var result = _host.Run("$null = $ExecutionContext.SessionState.Path.SetLocation($args[0]); Import-TipIndicator -Path *.txt", _dir).AssertNoErrors();

        Assert.Equal(new[] { "Domain a.example", "Domain b.example" }, Values(result).OrderBy(x => x).ToArray());
    }

    [Fact]
    public void Csv_column_is_auto_detected_and_named_in_a_verbose_line()
    {
        var path = Write("export.csv", "Id,IOC,Note\n1,evil[.]com,x\n2,999.1.1.1,bad\n3,2001:db8::1,v6\n");

        var result = _host.Run("Import-TipIndicator -Path $args[0] -Verbose", path);

        Assert.Equal(new[] { "Domain evil.com", "IPv6 2001:db8::1" }, Values(result));
        Assert.Contains(result.Verbose, v => v.Message.Contains("'IOC'"));
        var error = Assert.Single(result.Errors);
        Assert.Equal("999.1.1.1", error.TargetObject);
        Assert.Contains(path + ":3", error.Exception.Message);
    }

    [Fact]
    public void Csv_with_column_parameter_reads_that_column()
    {
        var path = Write("hosts.csv", "name,addr\nsrv,10.0.0.1\n");

        var result = _host.Run("Import-TipIndicator -Path $args[0] -Column ADDR", path).AssertNoErrors();

        Assert.Equal(new[] { "IPv4 10.0.0.1" }, Values(result));
    }

    [Fact]
    public void Csv_without_an_indicator_column_is_an_error_naming_the_file_and_the_remedy()
    {
        var path = Write("odd.csv", "a,b\n1,2\n");

        var result = _host.Run("Import-TipIndicator -Path $args[0]", path);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("IndicatorColumnNotFound,", error.FullyQualifiedErrorId);
        Assert.Contains("-Column", error.Exception.Message);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void Json_array_of_strings_and_of_objects_are_read()
    {
        var strings = Write("s.json", "[\"evil[.]com\", \"1.2.3.4\"]");
        var objects = Write("o.json", "[{\"indicator\":\"bad.org\"},{\"indicator\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"}]");

        var result = _host.Run("Import-TipIndicator -LiteralPath $args[0], $args[1] -Column indicator", strings, objects).AssertNoErrors();

        Assert.Equal(new[] { "Domain evil.com", "IPv4 1.2.3.4", "Domain bad.org", "Sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" }, Values(result));
    }

    [Fact]
    public void Missing_file_is_an_error_and_other_files_are_still_read()
    {
        var good = Write("good.txt", "evil.com\n");

        var result = _host.Run("Import-TipIndicator -LiteralPath $args[0], $args[1]", Path.Combine(_dir, "missing.txt"), good);

        Assert.Equal(new[] { "Domain evil.com" }, Values(result));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("IndicatorFileNotFound,", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void Output_objects_are_TipIndicator()
    {
        var result = _host.Run("'evil.com' | Import-TipIndicator").AssertNoErrors();

        Assert.Equal("KumaTip.Core.Indicators.TipIndicator", result.Output.Single().BaseObject.GetType().FullName);
    }
}
