using KumaTip.Core.Api;
using KumaTip.Core.Indicators;
using KumaTip.Core.Lookups;

namespace KumaTip.Core.Tests.Lookups;

/// <summary>An in-memory ledger for the service's unit tests.</summary>
public sealed class MemoryLedger : ILookupLedger
{
    public List<(string Tenant, string Value, int TaskId, int Status)> Rows { get; } = new();

    public TipLicenseInfo? License { get; set; }

    /// <summary>How many more bookings throw (a storage failure inside the writer's transaction).</summary>
    public int FailNext { get; set; }

    public void RecordRequest(string tenant, TipIndicator indicator, int taskId, int statusCode, DateTime atUtc)
    {
        if (FailNext > 0)
        {
            FailNext--;
            throw new LiteDB.LiteException(0, "Database lock timeout (simulated)");
        }
        lock (Rows) Rows.Add((tenant, indicator.Value, taskId, statusCode));
    }

    public void RecordLicense(string tenant, TipLicenseInfo license, DateTime atUtc) => License = license;

    public int? QuotaLeft(string tenant) => License?.DayQuota is int quota ? Math.Max(0, quota - (License.DayRequests ?? 0)) : null;

    public (int Quota, int Used)? QuotaToday(string tenant) => License?.DayQuota is int quota ? (quota, License.DayRequests ?? 0) : null;
}
