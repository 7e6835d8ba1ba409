using KumaTip.Core.Storage;
using LiteDB;

namespace KumaTip.Core.Tests.Storage;

/// <summary>Recovery only on request: the damaged file (and its log) moved aside unchanged, owner-only, a new one in its place.</summary>
public sealed class DataStoreRepairTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private readonly TempDirectory _temp = new();

    private string DataFile => _temp.Combine(TipDatabase.FileName);

    public void Dispose() => _temp.Dispose();

    private void CreateFile(int rows)
    {
        using var db = new TipDatabase(_temp.Path);
        var secrets = db.Db.GetCollection(TipDatabase.Secrets);
        for (var i = 0; i < rows; i++) secrets.Insert(new BsonDocument { ["_id"] = i, ["Name"] = "s" + i });
    }

    [Fact]
    public void A_sound_file_is_diagnosed_sound_and_a_damaged_one_says_what_is_wrong()
    {
        CreateFile(3);
        Assert.Null(DataStoreRepair.Diagnose(_temp.Path).Problem);

        DataFileBytes.Overwrite(DataFile, Assert.Single(DataFileBytes.PagesOfType(DataFile, 2)) * DataFileBytes.PageSize + 4, 0x55);
        var diagnosis = DataStoreRepair.Diagnose(_temp.Path);

        Assert.True(diagnosis.Exists);
        Assert.Equal("reading its stored secrets failed (LiteDB: page type must be collection page).", diagnosis.Problem);
        Assert.False(DataStoreRepair.Diagnose(_temp.Combine("nowhere")).Exists);
    }

    [Fact]
    public void Moving_aside_keeps_the_damaged_file_and_its_log_unchanged_and_starts_a_new_one()
    {
        using (var db = new TipDatabase(_temp.Path))
        {
            db.Db.Pragma("CHECKPOINT", 0);
            db.Db.GetCollection(TipDatabase.Secrets).Insert(new BsonDocument { ["_id"] = 1 });
        }
        var log = _temp.Combine("kumatip-log.db");
        var dataHash = DataFileBytes.Hash(DataFile);
        var logHash = DataFileBytes.Hash(log);

        var repair = DataStoreRepair.MoveAside(_temp.Path, "it is empty", Now)!;

        Assert.Equal(_temp.Combine("kumatip-damaged-20250304T050607Z.db"), repair.MovedTo);
        Assert.Equal(_temp.Combine("kumatip-damaged-20250304T050607Z-log.db"), repair.LogMovedTo);
        Assert.Equal(dataHash, DataFileBytes.Hash(repair.MovedTo));
        Assert.Equal(logHash, DataFileBytes.Hash(repair.LogMovedTo!));
        Assert.Equal("it is empty", repair.Problem);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(repair.MovedTo));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(repair.LogMovedTo!));
        }
        // The new file is empty, and the old log was not replayed into it.
        using var fresh = new TipDatabase(_temp.Path);
        Assert.Equal(0, fresh.Db.GetCollection(TipDatabase.Secrets).Count());
        // The old file still opens, with its log, under its new name.
        using var old = new LiteDatabase(new ConnectionString { Filename = repair.MovedTo, ReadOnly = true });
        Assert.Equal(1, old.GetCollection(TipDatabase.Secrets).Count());
    }

    [Fact]
    public void An_empty_file_is_moved_aside_and_a_second_repair_in_the_same_second_does_not_overwrite_the_first()
    {
        File.WriteAllBytes(DataFile, Array.Empty<byte>());

        var first = DataStoreRepair.MoveAside(_temp.Path, "empty", Now)!;
        File.WriteAllBytes(DataFile, Array.Empty<byte>());
        var second = DataStoreRepair.MoveAside(_temp.Path, "empty", Now)!;

        Assert.NotEqual(first.MovedTo, second.MovedTo);
        Assert.True(File.Exists(first.MovedTo));
        Assert.Equal(_temp.Combine("kumatip-damaged-20250304T050607Z-2.db"), second.MovedTo);
        Assert.True(new FileInfo(DataFile).Length > 0);
    }
}
