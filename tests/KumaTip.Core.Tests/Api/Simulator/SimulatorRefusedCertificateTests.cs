using KumaTip.Core.Api;
using KumaTip.Core.Lookups;
using KumaTip.Core.Storage;
using KumaTip.Core.Tests.Api.Infrastructure;
using KumaTip.Core.Tests.Lookups;
using KumaTip.Core.Tests.Simulator;

namespace KumaTip.Core.Tests.Api.Simulator;

/// <summary>
/// The simulator refuses a client certificate from another CA by closing the connection without a TLS alert (as .NET's
/// server does): the client cannot tell that from a drop, so it retries, but the breaker ends the batch soon with one
/// error that names the certificate.
/// </summary>
public sealed class SimulatorRefusedCertificateTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>, IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_batch_whose_certificate_the_simulator_refuses_stops_with_one_error_naming_the_certificate()
    {
        var options = SimulatorConnection.OptionsFor(fixture.Simulator);
        options.PfxBytes = TestCertificates.ToPfx(TestCertificates.Instance.ClientFromOtherCa);
        options.PfxPassword = TestCertificates.PfxPassword;
        options.MaxRetries = 4;
        using var database = new TipDatabase(_temp.Path);
        var service = new LookupService(database, o =>
        {
            options.ThrottleLimit = o.ThrottleLimit;
            return new TipClient(options);
        }, fixture.Simulator.BaseAddress, new MemoryLedger());
        var values = Enumerable.Range(1, 20).Select(i => $"refused{i}.example.com").ToArray();
        var outputs = new List<LookupOutput>();

        var session = await service.RunAsync(values.Select(v => new LookupRequest(v, v)), new LookupOptions { ThrottleLimit = 4 }, outputs.Add)
            .WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(LookupStopReason.Unreachable, session.StopReason);
        Assert.Contains("Set-TipSecret -CertificatePath", session.FatalError!.Message);
        Assert.Equal(values.Length, outputs.Count);
        Assert.True(outputs.Count(o => o.Outcome == LookupOutcome.NotRequested) >= values.Length - 4, "most rows should stay pending");
        Assert.DoesNotContain(fixture.Simulator.ReadRequestLog(), e => e.Value.StartsWith("refused", StringComparison.Ordinal));
    }
}
