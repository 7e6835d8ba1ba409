using KumaTip.Core.Storage;
using LiteDB;

namespace KumaTip.Core.Tests.Storage;

/// <summary>
/// A damaged data file gives one clear error naming the file, what could not be read and how to recover, and is never
/// silently replaced: LiteDB 5.0.20 starts an empty database in a file shorter than a page (so a 0-byte kumatip.db lost
/// the user's secrets without a word) and reports bad pages with its internal messages.
/// </summary>
public sealed class DamagedDataFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private string DataFile => _temp.Combine(TipDatabase.FileName);

    public void Dispose() => _temp.Dispose();

    private void CreateFile(Action<LiteDatabase> fill)
    {
        using var db = new TipDatabase(_temp.Path);
        fill(db.Db);
    }

    private static void AddRows(LiteDatabase db, string collection, int count)
    {
        var rows = db.GetCollection(collection);
        for (var i = 0; i < count; i++) rows.Insert(new BsonDocument { ["_id"] = i, ["Text"] = "row " + i + new string('x', 200), ["Created"] = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
    }

    private TipStorageException Refused(Action open)
    {
        var refused = Assert.Throws<TipStorageException>(open);
        Assert.Equal(TipStorageProblem.Damaged, refused.Problem);
        Assert.Equal(DataFile, refused.File);
        Assert.Contains("'" + DataFile + "'", refused.Message);
        Assert.Contains("Repair-TipDataStore", refused.Message);
        return refused;
    }

    [Fact]
    public void An_empty_data_file_is_refused_and_left_empty()
    {
        File.WriteAllBytes(DataFile, Array.Empty<byte>());

        var refused = Refused(() => new TipDatabase(_temp.Path).Dispose());

        Assert.Contains("empty (0 bytes)", refused.Message);
        Assert.Equal(0, new FileInfo(DataFile).Length);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(20000)]
    public void A_file_that_is_not_a_LiteDB_database_is_refused_unchanged(int length)
    {
        var text = string.Concat(Enumerable.Repeat("not a database\n", length / 15 + 1))[..length];
        File.WriteAllText(DataFile, text);

        var refused = Refused(() => new TipDatabase(_temp.Path).Dispose());

        Assert.Contains(length < 8192 ? "less than one LiteDB page" : "not a LiteDB database", refused.Message);
        Assert.Equal(text, File.ReadAllText(DataFile));
    }

    [Fact]
    public void A_data_file_cut_short_is_refused_unchanged()
    {
        CreateFile(db => AddRows(db, TipDatabase.Results, 300));
        var length = new FileInfo(DataFile).Length;
        DataFileBytes.Truncate(DataFile, length / 2 + 100);
        var hash = DataFileBytes.Hash(DataFile);

        var refused = Refused(() => new TipDatabase(_temp.Path).Dispose());

        Assert.Contains("cut short", refused.Message);
        Assert.Equal(hash, DataFileBytes.Hash(DataFile));
    }

    [Fact]
    public void A_damaged_collection_page_names_what_could_not_be_read()
    {
        CreateFile(db => AddRows(db, TipDatabase.Secrets, 3));
        var collectionPage = Assert.Single(DataFileBytes.PagesOfType(DataFile, 2));
        DataFileBytes.Overwrite(DataFile, collectionPage * DataFileBytes.PageSize + 4, 0x55);
        using var db = new TipDatabase(_temp.Path);

        var refused = Refused(() => db.Db.GetCollection(TipDatabase.Secrets).FindAll().ToList());

        Assert.Contains("reading its stored secrets failed (LiteDB: page type must be collection page)", refused.Message);
        Assert.Equal("reading its stored secrets failed (LiteDB: page type must be collection page).", refused.Detail);
    }

    [Fact]
    public void A_stored_time_out_of_range_is_reported_as_damage_not_as_a_ticks_error()
    {
        CreateFile(db => AddRows(db, TipDatabase.Tasks, 1));
        DataFileBytes.Overwrite(DataFile, DataFileBytes.DateTimeValueOffset(DataFile, "Created"), 0xF0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F);
        using var db = new TipDatabase(_temp.Path);

        var refused = Refused(() => db.Db.GetCollection(TipDatabase.Tasks).FindAll().ToList());

        Assert.Contains("reading its task list failed (a stored value or length is out of range)", refused.Message);
        Assert.DoesNotContain("Ticks", refused.Message);
    }

    [Fact]
    public async Task After_a_damaged_read_the_file_is_free_for_other_handles_and_processes()
    {
        CreateFile(db =>
        {
            AddRows(db, TipDatabase.Secrets, 3);
        });
        var collectionPage = Assert.Single(DataFileBytes.PagesOfType(DataFile, 2));
        DataFileBytes.Overwrite(DataFile, collectionPage * DataFileBytes.PageSize + 4, 0x55);
        using var db = new TipDatabase(_temp.Path);
        Refused(() => db.Db.GetCollection(TipDatabase.Secrets).FindAll().ToList());

        // LiteDB 5.0.20 kept the file's mutex after a query that failed before returning its reader: every other
        // handle then waited for ever. Another thread stands for another process (the mutex is per thread).
        var other = Task.Run(() =>
        {
            using var second = new TipDatabase(_temp.Path, StorageAccess.Read, TimeSpan.FromSeconds(5));
            return second.Db.GetCollectionNames().ToList();
        });
        Assert.Contains(TipDatabase.Secrets, await other.WaitAsync(TimeSpan.FromSeconds(30)));
        // And this handle goes on giving the same clear error, not "Cannot access a disposed object".
        Refused(() => db.Db.GetCollection(TipDatabase.Secrets).FindAll().ToList());
    }

    [Fact]
    public async Task Damage_met_inside_a_transaction_is_reported_and_leaves_the_file_free()
    {
        CreateFile(db => AddRows(db, TipDatabase.Secrets, 3));
        var collectionPage = Assert.Single(DataFileBytes.PagesOfType(DataFile, 2));
        DataFileBytes.Overwrite(DataFile, collectionPage * DataFileBytes.PageSize + 4, 0x55);
        using var db = new TipDatabase(_temp.Path);

        Refused(() => db.InTransaction(() => db.Db.GetCollection(TipDatabase.Secrets).FindAll().ToList()));

        var other = Task.Run(() =>
        {
            using var second = new TipDatabase(_temp.Path, StorageAccess.Read, TimeSpan.FromSeconds(5));
            return second.Db.GetCollectionNames().Count();
        });
        // A TimeoutException here: another handle could not open the file after the failed transaction.
        Assert.Equal(1, await other.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void A_sound_file_with_a_log_to_replay_is_not_mistaken_for_one_cut_short()
    {
        CreateFile(db =>
        {
            // No checkpoint at close: the committed rows stay in the log, as after a crash.
            db.Pragma("CHECKPOINT", 0);
            AddRows(db, TipDatabase.Results, 50);
        });
        Assert.True(new FileInfo(DatabaseFileCheckLog).Length > 0);

        using var db = new TipDatabase(_temp.Path);

        Assert.Equal(50, db.Db.GetCollection(TipDatabase.Results).Count());
    }

    private string DatabaseFileCheckLog => _temp.Combine("kumatip-log.db");
}
