using System.Management.Automation;
using KumaTip.PowerShell.Tests.Infrastructure;

namespace KumaTip.PowerShell.Tests;

/// <summary>Invoke-/Get-/Update-TipLookup on the real engine against the simulator over HTTPS; spend is read from the simulator's request log.</summary>
[Collection(PowerShellCollection.Name)]
public sealed class LookupCmdletTests : IClassFixture<SimulatorHost>, IDisposable
{
    private readonly SimulatorHost _sim;
    private readonly ModuleHost _host = new();
    // Every test looks up its own names, so one simulator (and its log) serves the whole class.
    private readonly string _tag = "t" + Guid.NewGuid().ToString("N").Substring(0, 8);

    public LookupCmdletTests(SimulatorHost sim)
    {
        _sim = sim;
        _sim.Simulator.Faults.Latency = TimeSpan.Zero;
        _sim.Configure(_host);
    }

    public void Dispose() => _host.Dispose();

    private string D(string label) => label + "-" + _tag + ".example.com";

    private static object? Prop(PSObject o, string name) => o.Properties[name]?.Value;

    [Fact]
    public void Duplicates_and_cached_rows_cost_nothing()
    {
        var a = D("a");
        var b = D("b");
        var first = _host.Run("$args | Invoke-TipLookup", a, b, a.ToUpperInvariant(), "hxxp://" + a.Replace(".", "[.]") + "/x").AssertNoErrors();

        Assert.Equal(new[] { a, b, a, "http://" + a + "/x" }, first.Output.Select(o => Prop(o, "Indicator")));
        Assert.Single(_sim.RequestsFor(a));
        Assert.Single(_sim.RequestsFor(b));

        var second = _host.Run("$args | Invoke-TipLookup", a, b, b).AssertNoErrors();

        Assert.Equal(3, second.Output.Count);
        var done = Assert.Single(second.Progress, p => p.RecordType == ProgressRecordType.Completed);
        Assert.Contains("3 of 3 row(s): 2 cached, 0 requested", done.StatusDescription);
        Assert.All(second.Output, o => Assert.Equal(true, Prop(o, "FromCache")));
        Assert.Single(_sim.RequestsFor(a));
        Assert.Single(_sim.RequestsFor(b));
    }

    [Fact]
    public void Default_count_of_10_and_the_full_section_set_go_on_the_wire()
    {
        var a = D("count");
        var result = Assert.Single(_host.Run("Invoke-TipLookup -Indicator $args[0]", a).AssertNoErrors().Output);

        var request = Assert.Single(_sim.RequestsFor(a));
        Assert.Equal(10, request.Count);
        Assert.Equal(10, Prop(result, "MaxRecords"));
        Assert.Contains("DomainWhoIsInfo", (IEnumerable<string>)Prop(result, "Sections")!);
    }

    [Fact]
    public void Chosen_sections_and_records_go_on_the_wire_and_a_wider_request_is_not_served_from_a_narrower_cache()
    {
        var a = D("sections");
        _host.Run("Invoke-TipLookup -Indicator $args[0] -Section DomainWhoIsInfo -MaxRecords 3", a).AssertNoErrors();

        var request = Assert.Single(_sim.RequestsFor(a));
        Assert.Equal(3, request.Count);
        var sections = request.Sections!.Split(',');
        Assert.Contains("DomainWhoIsInfo", sections);
        Assert.Contains("Zone", sections);
        Assert.DoesNotContain("DomainDnsResolutions", sections);

        _host.Run("Invoke-TipLookup -Indicator $args[0] -Section domainwhoisinfo -MaxRecords 2", a).AssertNoErrors();
        Assert.Single(_sim.RequestsFor(a));
        _host.Run("Invoke-TipLookup -Indicator $args[0] -Section DomainDnsResolutions -MaxRecords 2", a).AssertNoErrors();
        Assert.Equal(2, _sim.RequestsFor(a).Count);
    }

    [Fact]
    public void An_unknown_section_is_refused_before_anything_is_sent()
    {
        var result = _host.Run("Invoke-TipLookup -Indicator $args[0] -Section NoSuchSection", D("bad"));

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("ParameterArgumentValidationError,", error.FullyQualifiedErrorId);
        Assert.Contains("NoSuchSection", error.Exception.Message);
        Assert.Contains("DomainWhoIsInfo", error.Exception.Message);
        Assert.Empty(_sim.RequestsWith(_tag));
    }

    [Fact]
    public void Update_requests_again_as_a_new_task_with_a_newer_ReceivedAt()
    {
        var a = D("update");
        var first = Assert.Single(_host.Run("Invoke-TipLookup -Indicator $args[0] -Section DomainGeneralInfo -MaxRecords 4", a).AssertNoErrors().Output);
        var updated = Assert.Single(_host.Run("Get-TipLookup -Indicator $args[0] | Update-TipLookup", a).AssertNoErrors().Output);

        Assert.True((int)Prop(updated, "TaskId")! > (int)Prop(first, "TaskId")!);
        Assert.True((DateTimeOffset)Prop(updated, "ReceivedAt")! > (DateTimeOffset)Prop(first, "ReceivedAt")!);
        Assert.Equal(false, Prop(updated, "FromCache"));
        var requests = _sim.RequestsFor(a);
        Assert.Equal(2, requests.Count);
        Assert.Equal(4, requests[1].Count);
        Assert.Contains("DomainGeneralInfo", requests[1].Sections!.Split(','));
        Assert.DoesNotContain("DomainWhoIsInfo", requests[1].Sections!.Split(','));

        var cached = Assert.Single(_host.Run("Get-TipLookup -Indicator $args[0]", a).AssertNoErrors().Output);
        Assert.Equal(Prop(updated, "TaskId"), Prop(cached, "TaskId"));
    }

    [Fact]
    public void Update_refuses_a_result_of_another_tenant_and_keeps_a_full_section_set_full()
    {
        var full = D("full");
        var narrow = D("narrow");
        _host.Run("Invoke-TipLookup -Indicator $args[0]; Invoke-TipLookup -Indicator $args[1] -Section DomainWhoIsInfo", full, narrow).AssertNoErrors();

        var result = _host.Run(
            "$other = [KumaTip.Core.Lookups.TipLookupResult]::new(); $other.Indicator = $args[2]; $other.Type = 'Domain'; $other.Tenant = 'Other'; " +
            "@(Get-TipLookup -Indicator $args[0]) + @(Get-TipLookup -Indicator $args[1]) + @($other) | Update-TipLookup", full, narrow, D("other"));

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("TipLookupOtherTenant,", error.FullyQualifiedErrorId);
        Assert.Contains(D("other"), error.Exception.Message);
        Assert.Equal(2, result.Output.Count);
        Assert.Empty(_sim.RequestsFor(D("other")));
        var refreshed = _sim.RequestsFor(full);
        Assert.Equal(2, refreshed.Count);
        Assert.Contains("DomainDnsResolutions", refreshed[1].Sections!.Split(','));
        Assert.Contains("DomainWhoIsInfo", refreshed[1].Sections!.Split(','));
    }

    [Fact]
    public void Get_TipLookup_filters_the_cache_and_never_sends_a_request()
    {
        _host.Run("$args | Invoke-TipLookup", D("g1"), D("g2"), "00000000" + new string('a', 24)).AssertNoErrors();
        var before = _sim.Simulator.ReadRequestLog().Count;

        Assert.Equal(3, _host.Run("Get-TipLookup").AssertNoErrors().Output.Count);
        Assert.Equal(2, _host.Run("Get-TipLookup -Indicator $args[0]", "*-" + _tag + ".example.com").AssertNoErrors().Output.Count);
        var hash = Assert.Single(_host.Run("Get-TipLookup -Type Md5").AssertNoErrors().Output);
        Assert.Equal(false, Prop(hash, "Found"));
        Assert.Equal("Grey", Prop(hash, "Zone")!.ToString());
        var missing = _host.Run("Get-TipLookup -Indicator $args[0]", D("never"));
        Assert.StartsWith("TipLookupNotCached,", Assert.Single(missing.Errors).FullyQualifiedErrorId);
        Assert.Equal(before, _sim.Simulator.ReadRequestLog().Count);
    }

    [Fact]
    public void PassThru_keeps_every_row_and_its_columns_and_adds_the_Tip_columns()
    {
        var script = """
            $rows = @(
                [pscustomobject]@{ Host = 'srv1'; IOC = $args[0] },
                [pscustomobject]@{ Host = 'srv2'; IOC = '010.1.1.1' },
                [pscustomobject]@{ Host = 'srv3'; IOC = $args[1] },
                [pscustomobject]@{ Host = 'srv4'; Other = 'x' },
                [pscustomobject]@{ Host = 'srv5'; IOC = $args[0] }
            )
            $rows | Invoke-TipLookup -Property IOC -PassThru
            """;
        var result = _host.Run(script, D("pt"), D("sim-404-pt"));

        Assert.Null(result.Terminating);
        Assert.Equal(new[] { "srv1", "srv2", "srv3", "srv4", "srv5" }, result.Output.Select(o => Prop(o, "Host")));
        Assert.All(result.Output, o => Assert.All(new[] { "TipZone", "TipStatus", "TipCategories", "TipFound", "TipReceivedAt", "TipPortalUrl", "TipService", "TipError" },
            c => Assert.NotNull(o.Properties[c])));
        Assert.Null(Prop(result.Output[0], "TipError"));
        Assert.Equal(true, Prop(result.Output[0], "TipFound"));
        Assert.Contains("010.1.1.1", (string)Prop(result.Output[1], "TipError")!);
        Assert.Equal(false, Prop(result.Output[2], "TipFound"));
        Assert.Equal("Grey", Prop(result.Output[2], "TipZone"));
        Assert.Contains("IOC", (string)Prop(result.Output[3], "TipError")!);
        Assert.Equal(Prop(result.Output[0], "TipZone"), Prop(result.Output[4], "TipZone"));
        Assert.Equal(2, result.Errors.Count);
        Assert.Single(_sim.RequestsFor(D("pt")));
    }

    [Fact]
    public void WhatIf_spends_nothing_and_reports_the_forecast()
    {
        _host.Run("Invoke-TipLookup -Indicator $args[0]", D("w1")).AssertNoErrors();
        var before = _sim.Simulator.ReadRequestLog().Count;

        var forecast = Assert.Single(_host.Run("$args | Invoke-TipLookup -WhatIf", D("w1"), D("w2"), D("w2"), D("w3"), "1.2.3").Output);

        Assert.Equal(before, _sim.Simulator.ReadRequestLog().Count);
        Assert.Equal(3, Prop(forecast, "Unique"));
        Assert.Equal(1, Prop(forecast, "Cached"));
        Assert.Equal(2, Prop(forecast, "ToRequest"));
        Assert.Equal(1, Prop(forecast, "Invalid"));
        Assert.NotNull(Prop(forecast, "QuotaLeft"));
        Assert.DoesNotContain(_host.Run("Get-TipTask").Output, t => (int)Prop(t, "Total")! > 1);
    }

    [Fact]
    public void A_404_a_429_a_503_and_a_malformed_answer_in_one_batch_lose_nothing()
    {
        var values = new[] { D("ok"), D("sim-404-x"), D("sim-429-x"), D("sim-503-x"), D("sim-malformed-x"), D("sim-drop-x") };
        var result = _host.Run("$args | Invoke-TipLookup", values.Cast<object?>().ToArray());

        Assert.Null(result.Terminating);
        Assert.Equal(new[] { values[0], values[1], values[2], values[3], values[5] }, result.Output.Select(o => Prop(o, "Indicator")));
        Assert.Equal(false, Prop(result.Output[1], "Found"));
        var error = Assert.Single(result.Errors);
        Assert.Equal(values[4], error.TargetObject);
        Assert.Contains(values[4], error.Exception.Message);
        Assert.StartsWith("TipApiMalformedResponse,", error.FullyQualifiedErrorId);
        var task = Assert.Single(_host.Run("Get-TipTask").AssertNoErrors().Output);
        Assert.Equal("PartiallyCompleted", Prop(task, "Status")!.ToString());
        Assert.Equal((6, 5, 1, 0), ((int)Prop(task, "Total")!, (int)Prop(task, "Done")!, (int)Prop(task, "Failed")!, (int)Prop(task, "Pending")!));

        // The error was not cached: asking again requests it again; the answers were, so they cost nothing.
        _host.Run("$args | Invoke-TipLookup", values.Cast<object?>().ToArray());
        Assert.Equal(2, _sim.RequestsFor(values[4]).Count);
        Assert.Single(_sim.RequestsFor(values[1]));
    }

    [Fact]
    public void Verbose_shows_each_retry_with_its_reason_and_wait()
    {
        var flaky = D("sim-503-v");

        var result = _host.Run("Invoke-TipLookup -Indicator $args[0] -Verbose", flaky).AssertNoErrors();

        Assert.Equal(flaky, Prop(Assert.Single(result.Output), "Indicator"));
        var retry = Assert.Single(result.Verbose, v => v.Message.StartsWith("Attempt ", StringComparison.Ordinal));
        Assert.StartsWith($"Attempt 1 of 5 to look up the domain '{flaky}' failed (HTTP 503); trying again in ", retry.Message);
        Assert.EndsWith(" s.", retry.Message);
        var account = _sim.Simulator.Account;
        Assert.False(result.AllText().Contains(account.Password, StringComparison.Ordinal), "a secret appears in the text");
        Assert.False(result.AllText().Contains(account.PfxPassword, StringComparison.Ordinal), "a secret appears in the text");
    }

    [Fact]
    public void A_429_storm_is_an_error_for_that_indicator_only()
    {
        var storm = D("sim-429always-x");
        var result = _host.Run("$args | Invoke-TipLookup", D("calm"), storm);

        Assert.Single(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("TipApiRateLimited,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.LimitsExceeded, error.CategoryInfo.Category);
        Assert.Equal(storm, error.TargetObject);
    }

    [Fact]
    public void Results_carry_zone_status_portal_link_and_typed_sections()
    {
        var result = Assert.Single(_host.Run("Invoke-TipLookup -Indicator 'hxxp://dd.daywinners[.]com/d/VFZvqeP-V1ffkQ.exe'").AssertNoErrors().Output);

        Assert.Equal("Red", Prop(result, "Zone")!.ToString());
        Assert.Equal("Dangerous", Prop(result, "Status"));
        Assert.Contains("CATEGORY_PHISHING", (IEnumerable<string>)Prop(result, "Categories")!);
        Assert.StartsWith(_sim.Simulator.BaseAddress.GetLeftPart(UriPartial.Authority), (string)Prop(result, "PortalUrl")!);
        Assert.NotNull(Prop(result, "GeneralInfo"));
        Assert.Contains("UrlGeneralInfo", (string)Prop(result, "Raw")!);

        var cached = Assert.Single(_host.Run("Get-TipLookup -Indicator 'http://dd.daywinners.com/d/VFZvqeP-V1ffkQ.exe'").AssertNoErrors().Output);
        Assert.Contains("UrlGeneralInfo", (string)Prop(cached, "Raw")!);
        Assert.NotNull(Prop(cached, "GeneralInfo"));
        Assert.Equal("NameCheap, Inc.", ((dynamic)Prop(cached, "WhoIs")!).Registrar.Info);
    }

    [Fact]
    public void Clear_TipCache_drops_what_it_selects_and_honours_WhatIf()
    {
        _host.Run("$args | Invoke-TipLookup", D("c1"), D("c2")).AssertNoErrors();

        _host.Run("Clear-TipCache -Indicator $args[0] -WhatIf", D("c1")).AssertNoErrors();
        Assert.Equal(2, _host.Run("Get-TipLookup").Output.Count);
        _host.Run("Clear-TipCache -Indicator $args[0] -Confirm:$false", D("c1")).AssertNoErrors();
        Assert.Equal(new object?[] { D("c2") }, _host.Run("Get-TipLookup").Output.Select(o => Prop(o, "Indicator")));
        _host.Run("Clear-TipCache -OlderThan 1.00:00:00 -Confirm:$false").AssertNoErrors();
        Assert.Single(_host.Run("Get-TipLookup").Output);
        _host.Run("Clear-TipCache -All -Confirm:$false").AssertNoErrors();
        Assert.Empty(_host.Run("Get-TipLookup").Output);
    }

    [Fact]
    public void Clear_TipCache_takes_piped_indicators_in_one_pass()
    {
        _host.Run("$args | Invoke-TipLookup", D("k1"), D("k2"), D("k3")).AssertNoErrors();

        var cleared = _host.Run("$args | Clear-TipCache -Confirm:$false -Verbose", D("k1"), D("k2")).AssertNoErrors();

        Assert.Equal(new[] { "Removed 2 cached result(s)." }, cleared.Verbose.Select(v => v.Message).Where(m => m.StartsWith("Removed")));
        Assert.Equal(new object?[] { D("k3") }, _host.Run("Get-TipLookup").Output.Select(o => Prop(o, "Indicator")));
    }

    [Fact]
    public void Without_a_connection_the_lookup_stops_with_one_clear_error()
    {
        using var bare = new ModuleHost();
        var result = bare.Run("$args | Invoke-TipLookup", D("n1"), D("n2"), D("n3"));

        var error = Assert.Single(result.Errors);
        Assert.Contains("New-TipSecret", error.Exception.Message);
        Assert.Empty(result.Output);
        Assert.Empty(_sim.RequestsWith(_tag));
    }

    [Fact]
    public void Refused_credentials_stop_the_batch_with_one_error_and_leave_a_task_to_restart()
    {
        var terms = _sim.Simulator.GetAccount(KumaTip.Simulator.SimulatorAccountKind.TermsNotAccepted);
        _host.Run("New-TipSecret -Name terms -Credential $args[0] -CertificatePath $args[1] -CertificatePassword $args[2]; Set-TipSettings -Secret terms",
            TestSecrets.Credential(terms.User, terms.Password), _sim.Simulator.ClientPfxPath, TestSecrets.Secure(terms.PfxPassword)).AssertNoErrors();

        var result = _host.Run("$args | Invoke-TipLookup -ThrottleLimit 1", D("u1"), D("u2"), D("u3"));

        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.DoesNotContain(terms.Password, result.AllText());
        Assert.Single(_sim.RequestsWith(_tag));
        var task = Assert.Single(_host.Run("Get-TipTask").AssertNoErrors().Output);
        Assert.Equal("Failed", Prop(task, "Status")!.ToString());
        Assert.Equal(3, Prop(task, "Pending"));

        _host.Run("Set-TipSettings -Secret sim").AssertNoErrors();
        var restarted = Assert.Single(_host.Run("Get-TipTask | Restart-TipTask").AssertNoErrors().Output);
        Assert.Equal("Completed", Prop(restarted, "Status")!.ToString());
    }
}
