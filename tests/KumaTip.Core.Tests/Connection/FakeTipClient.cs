using KumaTip.Core.Api;
using KumaTip.Core.Api.Sections;
using KumaTip.Core.Indicators;

namespace KumaTip.Core.Tests.Connection;

/// <summary>Answers with a fixed response or exception and remembers what it was asked; for units above the HTTP client.</summary>
public sealed class FakeTipClient : ITipClient
{
    public List<(TipIndicator Indicator, IReadOnlyCollection<string> Sections)> Requests { get; } = new();

    public TipLicenseInfo? License { get; set; } = new() { AccessType = "Commercial", DayRequests = 12, DayQuota = 1000 };

    public TipApiException? Failure { get; set; }

    public TipLicenseInfo? LastLicenseInfo { get; private set; }

    public bool Disposed { get; private set; }

    public Task<TipApiResponse> LookupAsync(TipIndicator indicator, IReadOnlyCollection<string> sections, int? maxRecords, CancellationToken cancellationToken)
    {
        Requests.Add((indicator, sections));
        if (Failure != null) throw Failure;
        LastLicenseInfo = License;
        var body = new TipSections { Zone = "Green", LicenseInfo = License };
        return Task.FromResult(new TipApiResponse(indicator, 200, true, body, "{}", DateTimeOffset.UtcNow, sections.ToList(), maxRecords));
    }

    public void Dispose() => Disposed = true;
}
