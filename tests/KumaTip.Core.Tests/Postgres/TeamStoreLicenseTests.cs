using KumaTip.Core.Api;
using KumaTip.Postgres.Testing;

namespace KumaTip.Core.Tests.Postgres;

/// <summary>
/// The team's licence snapshot (kumatip.licenses): every member budgets from it, so the day's count it keeps must never
/// be lower than one an answer showed. Writers stamp a group before they wait for the tenant's lock, so two hosts' commits
/// can land in the other order than their times.
/// </summary>
[Collection(PostgresClusterFixture.Collection)]
public sealed class TeamStoreLicenseTests
{
    private readonly PostgresClusterFixture _fixture;

    public TeamStoreLicenseTests(PostgresClusterFixture fixture) => _fixture = fixture;

    [PostgresFact]
    public void A_higher_count_committed_after_a_later_stamped_one_is_kept()
    {
        using var store = TeamStoreDatabase.Create(_fixture).OpenAdmin();
        KumaTip.Core.Tests.Storage.LicenseSnapshotRules.HigherCountCommittedLateIsKept(store.Licenses);
    }

    [PostgresFact]
    public void An_older_answer_never_lowers_the_count_nor_replaces_a_newer_one()
    {
        using var store = TeamStoreDatabase.Create(_fixture).OpenAdmin();
        KumaTip.Core.Tests.Storage.LicenseSnapshotRules.OlderAnswerNeverLowersNorReplaces(store.Licenses);
    }

    [PostgresFact]
    public void A_newer_answer_replaces_the_snapshot_and_a_new_day_starts_its_own_count()
    {
        using var store = TeamStoreDatabase.Create(_fixture).OpenAdmin();
        KumaTip.Core.Tests.Storage.LicenseSnapshotRules.NewerAnswerReplacesAndNewDayStartsOver(store.Licenses);
    }
}
