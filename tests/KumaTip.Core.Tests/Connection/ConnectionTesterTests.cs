using KumaTip.Core.Api;
using KumaTip.Core.Connection;
using KumaTip.Core.Secrets;
using KumaTip.Core.Storage;
using KumaTip.Core.Tests.Secrets;

namespace KumaTip.Core.Tests.Connection;

public sealed class ConnectionTesterTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly TipWorkspace _workspace;
    private readonly FakeTipClient _client = new();
    private TipConnectionOptions? _usedOptions;

    public ConnectionTesterTests()
    {
        _workspace = new TipWorkspace(_temp.Path);
        _workspace.Secrets.Add(new NewSecret
        {
            Name = "prod", User = "tip-user", Password = "tip-password", Certificate = TestCertificates.ValidPfx("p"), CertificatePassword = "p",
        });
        _workspace.Settings.Update("Main", new SettingsUpdate { Secret = "prod" });
    }

    public void Dispose()
    {
        _workspace.Dispose();
        _temp.Dispose();
    }

    private ConnectionTester Tester() => _workspace.CreateTester(options =>
    {
        _usedOptions = options;
        return _client;
    });

    [Fact]
    public async Task Success_asks_only_zone_and_license_info_and_reports_the_quota()
    {
        var result = await Tester().TestAsync("Main", CancellationToken.None);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("Commercial", result.AccessType);
        Assert.Equal(12, result.DayRequests);
        Assert.Equal(1000, result.DayQuota);
        Assert.NotNull(result.CertificateNotAfter);
        Assert.Equal(new Uri("https://tip.kaspersky.com"), result.Endpoint);
        Assert.Contains("12 of 1000", result.Message);
        var request = Assert.Single(_client.Requests);
        Assert.Equal(new[] { "Zone", "LicenseInfo" }, request.Sections);
        Assert.True(_usedOptions!.Password == "tip-password", "password differs");
        Assert.True(_client.Disposed);
    }

    [Fact]
    public async Task An_answered_test_is_in_the_ledger_and_its_license_is_kept()
    {
        await Tester().TestAsync("Main", CancellationToken.None);

        Assert.Equal(1, _workspace.Ledger.CountToday("Main"));
        var license = _workspace.LicenseReporter.Get("Main");
        Assert.Equal(1000, license.DayQuota);
        Assert.Equal(988, license.Remaining);
        Assert.Equal(1, license.RequestsTotal);
    }

    [Fact]
    public async Task Disabled_connection_makes_no_request_and_says_so()
    {
        _workspace.Settings.Update("Main", new SettingsUpdate { Disabled = true });

        var result = await Tester().TestAsync("Main", CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Null(result.StatusCode);
        Assert.Contains("disabled", result.Message);
        Assert.Empty(_client.Requests);
        Assert.Null(_usedOptions);
    }

    [Fact]
    public async Task Refusal_by_the_portal_is_a_failed_test_with_its_actionable_message()
    {
        _client.Failure = new TipApiException(TipApiErrorKind.Unauthorized,
            "The portal refused the user name or password (401). Check the secret, or accept the Terms of Use on the portal.", statusCode: 401);

        var result = await Tester().TestAsync("Main", CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(401, result.StatusCode);
        Assert.Contains("Terms of Use", result.Message);
        Assert.Equal(0, _workspace.Ledger.CountTotal("Main"));
    }

    [Fact]
    public async Task Spent_quota_is_named_in_the_message()
    {
        _client.License = new TipLicenseInfo { AccessType = "Commercial", DayRequests = 1000, DayQuota = 1000 };

        var result = await Tester().TestAsync("Main", CancellationToken.None);

        Assert.Contains("quota is spent", result.Message);
    }

    [Fact]
    public async Task A_client_that_cannot_be_built_is_a_failed_test_not_an_exception()
    {
        var tester = _workspace.CreateTester(_ => throw new TipApiException(TipApiErrorKind.CertificateInvalid,
            "The client certificate could not be loaded. Replace it with Set-TipSecret -CertificatePath."));

        var result = await tester.TestAsync("Main", CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Null(result.StatusCode);
        Assert.Contains("Set-TipSecret", result.Message);
    }
    [Fact]
    public async Task The_test_request_has_short_timeouts_of_its_own()
    {
        await Tester().TestAsync("Main", CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(5), _usedOptions!.AttemptTimeout);
        Assert.Equal(1, _usedOptions.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(10), _usedOptions.TotalTimeout);
    }

    [Fact]
    public async Task A_server_that_never_answers_fails_the_test_within_its_budget_and_reports_the_retry()
    {
        await using var server = new Api.Infrastructure.SilentServer();
        _workspace.Settings.Update("Main", new SettingsUpdate { Endpoint = server.BaseAddress });
        var tester = _workspace.CreateTester(options => new TipClient(options));
        // Short attempts for a quick test (the defaults, 5 s per attempt and 10 s in all, are checked above); the total
        // is generous, so that both attempts happen on a busy machine too (with 2 s the second one was sometimes cut).
        tester.AttemptTimeout = TimeSpan.FromMilliseconds(200);
        tester.TotalTimeout = TimeSpan.FromSeconds(20);
        var retries = new List<TipRetryEventArgs>();

        var result = await tester.TestAsync("Main", CancellationToken.None, e => { lock (retries) retries.Add(e); }).WaitAsync(TimeSpan.FromMinutes(1));

        Assert.False(result.Succeeded);
        Assert.Null(result.StatusCode);
        Assert.Contains("No answer from localhost", result.Message);
        Assert.Contains("after 2 attempts", result.Message);
        var retry = Assert.Single(retries);
        Assert.Equal("no answer within 0.2 s", retry.Reason);
        Assert.Equal(2, retry.MaxAttempts);
        Assert.Equal(0, _workspace.Ledger.CountTotal("Main"));
    }
}
