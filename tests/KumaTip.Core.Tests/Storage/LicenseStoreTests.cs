using KumaTip.Core.Storage;

namespace KumaTip.Core.Tests.Storage;

/// <summary>The LiteDB file's licence snapshot keeps the same rules as the team store's (see <see cref="LicenseSnapshotRules"/>).</summary>
public sealed class LicenseStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly TipDatabase _database;

    public LicenseStoreTests() => _database = new TipDatabase(_temp.Path);

    public void Dispose()
    {
        _database.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void A_higher_count_committed_after_a_later_stamped_one_is_kept() => LicenseSnapshotRules.HigherCountCommittedLateIsKept(new LicenseStore(_database));

    [Fact]
    public void An_older_answer_never_lowers_the_count_nor_replaces_a_newer_one() => LicenseSnapshotRules.OlderAnswerNeverLowersNorReplaces(new LicenseStore(_database));

    [Fact]
    public void A_newer_answer_replaces_the_snapshot_and_a_new_day_starts_its_own_count() => LicenseSnapshotRules.NewerAnswerReplacesAndNewDayStartsOver(new LicenseStore(_database));
}
